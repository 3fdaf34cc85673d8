package dev.ibac.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code Mission.spec.approval} (SPEC §5a): who may approve the mission's escalated actions, and how
 * long an approval (and a pending request) lasts.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MissionApproval(Approvers approvers, String ttl) {
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    public static final MissionApproval NONE = new MissionApproval(null, null);
    private static final Pattern PART = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

    /** The identities that may decide: exact usernames or members of any of the groups. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Approvers(List<String> usernames, List<String> groups) {
        public Approvers {
            usernames = usernames == null ? List.of() : List.copyOf(usernames);
            groups = groups == null ? List.of() : List.copyOf(groups);
        }

        /** True when nobody is listed. (Not a bean getter: Jackson must not see a field.) */
        public boolean listNobody() {
            return usernames.isEmpty() && groups.isEmpty();
        }

        public boolean lists(String username, List<String> memberOf) {
            return usernames.contains(username) || memberOf.stream().anyMatch(groups::contains);
        }
    }

    public Approvers approversOrDefault() {
        return approvers == null ? new Approvers(null, null) : approvers;
    }

    /** {@link #ttl} as a duration, 1h when unset; IllegalArgumentException when malformed or zero. */
    public Duration ttlOrDefault() {
        if (ttl == null || ttl.isBlank()) {
            return DEFAULT_TTL;
        }
        Matcher m = PART.matcher(ttl);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            end = m.end();
        }
        if (end != ttl.length() || total.isZero()) {
            throw new IllegalArgumentException("spec.approval.ttl \"" + ttl + "\" is not a duration like 1h, 30m or 1h30m");
        }
        return total;
    }
}
