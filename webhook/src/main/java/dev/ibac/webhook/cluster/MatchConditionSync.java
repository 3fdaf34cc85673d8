package dev.ibac.webhook.cluster;

import dev.ibac.certs.WebhookConfigurations;
import dev.ibac.crd.Glob;
import dev.ibac.webhook.pipeline.MissionIndex;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@code agents-only} matchCondition of IBAC's ValidatingWebhookConfiguration equal to
 * who is an agent (SPEC §6): the configured username globs and groups plus every identity a Mission
 * names. Without it, an agent named only in a Mission (say ServiceAccount {@code builder}) would
 * never be sent to IBAC — waved through instead of judged.
 *
 * <p>Called on the cluster-mode schedule; it writes only when the expression changes, under the
 * configuration's resourceVersion ({@link WebhookConfigurations#update}, as the caBundle is).
 * Webhooks without an {@code agents-only} condition are left alone: an administrator who removed it
 * chose to send everything. A missing configuration or a refusal is logged once and retried on the
 * next change.
 */
final class MatchConditionSync {
    static final String CONDITION = "agents-only";
    private static final Logger LOG = LoggerFactory.getLogger(MatchConditionSync.class);

    private final KubernetesClient client;
    private final String configuration;
    private final List<String> usernameGlobs;
    private final List<String> groups;
    private final MissionIndex index;
    private String settled;

    MatchConditionSync(KubernetesClient client, String configuration, List<String> usernameGlobs, List<String> groups,
            MissionIndex index) {
        this.client = client;
        this.configuration = configuration;
        this.usernameGlobs = List.copyOf(usernameGlobs);
        this.groups = List.copyOf(groups);
        this.index = index;
    }

    /** Brings the configuration in line with the current missions; true when it wrote. Nothing before the missions are loaded. */
    boolean sync() {
        if (!index.loaded()) {
            return false;
        }
        String expression = expression(usernameGlobs, groups, index.namedUsernames(), index.namedGroups());
        if (expression.equals(settled)) {
            return false;
        }
        try {
            boolean wrote = write(expression);
            settled = expression;
            return wrote;
        } catch (KubernetesClientException | IllegalStateException e) { // refused, unreachable, or conflicts beyond the retries
            LOG.warn("matchConditions of ValidatingWebhookConfiguration {} not updated; agents named only in Missions "
                    + "are not sent to IBAC until it is: {}", configuration, e.getMessage());
            settled = expression; // once per change, not every few seconds
            return false;
        }
    }

    private boolean write(String expression) {
        WebhookConfigurations.Result result = WebhookConfigurations.update(client, configuration, current -> {
            List<MatchCondition> stale = current.getWebhooks().stream().map(MatchConditionSync::agentsOnly)
                    .filter(Objects::nonNull).filter(c -> !expression.equals(c.getExpression())).toList();
            stale.forEach(c -> c.setExpression(expression));
            return !stale.isEmpty();
        });
        if (result == WebhookConfigurations.Result.MISSING) {
            LOG.info("no ValidatingWebhookConfiguration {}: its matchConditions are not kept in sync", configuration);
        } else if (result == WebhookConfigurations.Result.UPDATED) {
            LOG.info("matchConditions of {} now send IBAC: {}", configuration, expression);
        }
        return result == WebhookConfigurations.Result.UPDATED;
    }

    private static MatchCondition agentsOnly(ValidatingWebhook webhook) {
        return webhook.getMatchConditions() == null ? null
                : webhook.getMatchConditions().stream().filter(c -> CONDITION.equals(c.getName())).findFirst().orElse(null);
    }

    /**
     * The CEL expression selecting agents' requests. A username glob becomes a prefix/suffix test (a
     * superset of the glob: IBAC checks the glob itself), an exact name an equality; groups are tested
     * only when the request has any ({@code has()}: with failurePolicy Fail an erroring condition
     * would reject even a human's request). With the defaults and no missions it is exactly the
     * expression in deploy/base/webhook.yaml.
     */
    static String expression(List<String> usernameGlobs, List<String> groups, Collection<String> namedUsernames,
            Collection<String> namedGroups) {
        List<String> terms = new ArrayList<>();
        for (String glob : usernameGlobs) {
            terms.add(globTerm(glob));
        }
        SortedSet<String> exact = new TreeSet<>(namedUsernames);
        exact.removeIf(name -> usernameGlobs.stream().anyMatch(g -> Glob.compile(g).matches(name)));
        if (exact.size() == 1) {
            terms.add("request.userInfo.username == " + literal(exact.first()));
        } else if (!exact.isEmpty()) {
            terms.add("request.userInfo.username in " + list(exact));
        }
        SortedSet<String> allGroups = new TreeSet<>(groups);
        allGroups.addAll(namedGroups);
        if (allGroups.size() == 1) {
            terms.add("(has(request.userInfo.groups) && " + literal(allGroups.first()) + " in request.userInfo.groups)");
        } else if (!allGroups.isEmpty()) {
            terms.add("(has(request.userInfo.groups) && request.userInfo.groups.exists(g, g in " + list(allGroups) + "))");
        }
        return terms.isEmpty() ? "false" : String.join(" || ", terms);
    }

    private static String globTerm(String glob) {
        int first = firstWildcard(glob);
        if (first < 0) {
            return "request.userInfo.username == " + literal(glob);
        }
        int last = Math.max(glob.lastIndexOf('*'), glob.lastIndexOf('?'));
        List<String> tests = new ArrayList<>();
        if (first > 0) {
            tests.add("request.userInfo.username.startsWith(" + literal(glob.substring(0, first)) + ")");
        }
        if (last < glob.length() - 1) {
            tests.add("request.userInfo.username.endsWith(" + literal(glob.substring(last + 1)) + ")");
        }
        return tests.isEmpty() ? "true" : "(" + String.join(" && ", tests) + ")";
    }

    private static int firstWildcard(String glob) {
        int star = glob.indexOf('*');
        int any = glob.indexOf('?');
        return star < 0 ? any : any < 0 ? star : Math.min(star, any);
    }

    private static String list(Collection<String> values) {
        return values.stream().map(MatchConditionSync::literal).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A CEL single-quoted string: backslash and quote escaped, control characters as \\u escapes. */
    static String literal(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '\'') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }
}
