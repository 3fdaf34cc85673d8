package dev.ibac.webhook.cli;

import dev.ibac.crd.Approval;
import dev.ibac.crd.ApprovalSpec;
import dev.ibac.crd.ApprovalStatus;
import dev.ibac.webhook.approval.ApprovalDecisions;
import dev.ibac.webhook.approval.ApprovalStore;
import dev.ibac.webhook.approval.FileApprovalStore;
import dev.ibac.webhook.approval.KubernetesApprovalStore;
import dev.ibac.webhook.problem.ConfigException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code approvals list}, {@code approve ID}, {@code reject ID} (SPEC §5a, §9): embedded mode with
 * {@code --state DIR --by NAME}, cluster mode through kubeconfig. Exit 0 done, 1 refused (unknown id,
 * another namespace, not an approver, the agent itself, decided already, expired), 2 usage.
 */
public final class ApprovalsCommand {
    private ApprovalsCommand() {}

    /** Where the approvals are: {@code --state} (embedded) or the cluster of the kubeconfig. */
    static final class Target {
        @Option(names = "--state", paramLabel = "DIR", description = "embedded mode: the server's --state directory")
        Path state;

        @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
                description = "the mission's namespace (cluster mode: default the kubeconfig's; embedded: optional check)")
        String namespace;

        void requireState(CommandSpec spec) {
            if (state != null && !Files.isDirectory(state)) {
                throw new ParameterException(spec.commandLine(), "--state " + state + " is not a directory (the server's --state)");
            }
        }
    }

    @Command(name = "approvals", mixinStandardHelpOptions = true, description = "List pending and decided Approvals.",
            subcommands = {ListApprovals.class})
    public static final class Group implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            throw new ParameterException(spec.commandLine(), "missing subcommand: list");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Approvals with their action, effects and the judge's reasoning, newest first.")
    static final class ListApprovals implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Target target = new Target();

        @Option(names = "--pending", description = "only the pending ones")
        boolean pendingOnly;

        @Override
        public Integer call() {
            target.requireState(spec);
            Instant now = Instant.now();
            try (Opened opened = open(target)) {
                list(opened, now);
            } catch (KubernetesClientException e) {
                throw new ConfigException("cannot list Approvals in the cluster (" + e.getMessage()
                        + "); use --state DIR for embedded mode, or a kubeconfig that reaches the cluster");
            }
            return ExitCodes.OK;
        }

        private void list(Opened opened, Instant now) {
            List<Approval> approvals = opened.store().all().stream()
                    .filter(a -> target.namespace == null || target.namespace.equals(a.getMetadata().getNamespace()))
                    .filter(a -> !pendingOnly || a.state(now) == ApprovalStatus.State.Pending).toList();
            PrintWriter out = spec.commandLine().getOut();
            if (approvals.isEmpty()) {
                out.println(pendingOnly ? "no pending approvals" : "no approvals");
            }
            approvals.forEach(a -> print(out, a, now));
            out.flush();
        }

        private static void print(PrintWriter out, Approval a, Instant now) {
            ApprovalSpec spec = a.getSpec();
            ApprovalStatus status = a.getStatus();
            ApprovalStatus.State state = a.state(now);
            out.println(a.id() + "  " + state + "  mission " + a.missionKey() + "  " + spec.action().summary()
                    + "  (agent " + spec.action().requester() + ")");
            out.println("  requested " + spec.requestedAt() + (state == ApprovalStatus.State.Pending ? ", expires " + spec.expiresAt() : ""));
            if (status != null && status.decidedBy() != null) {
                out.println("  " + status.state().name().toLowerCase() + " by " + status.decidedBy() + " at " + status.decidedAt()
                        + (status.reason() == null ? "" : ": " + status.reason()) + (status.usedBy() == null ? ""
                        : "; used by request " + status.usedBy()));
            }
            spec.effects().forEach(e -> out.println("  effect " + e.risk() + ": " + e.sentence()));
            out.println("  reasoning (" + spec.judge() + "): " + spec.reasoning());
        }
    }

    /** approve and reject share everything but the decision. */
    abstract static class Decide implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "the approval's id (ap-…), as the denial and 'approvals list' name it")
        String id;

        @picocli.CommandLine.Mixin
        Target target = new Target();

        @Option(names = "--by", paramLabel = "NAME", description = "embedded mode: who decides (an approver the mission lists)")
        String by;

        @Option(names = "--group", paramLabel = "GROUP", description = "embedded mode: a group the decider belongs to (repeatable)")
        List<String> groups = new ArrayList<>();

        @Option(names = "--reason", paramLabel = "TEXT", description = "why (recorded with the decision)")
        String reason;

        abstract ApprovalSpec.Decision decision();

        @Override
        public Integer call() {
            target.requireState(spec);
            if (target.state != null && (by == null || by.isBlank())) {
                throw new ParameterException(spec.commandLine(), "--by NAME is required with --state: who decides");
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String outcome = target.state != null ? embedded() : cluster();
            if (outcome.startsWith("ok:")) {
                out.println(outcome.substring(3));
                out.flush();
                return ExitCodes.OK;
            }
            err.println("ibac: " + outcome);
            err.flush();
            return ExitCodes.FINDING;
        }

        private String embedded() {
            try (FileApprovalStore store = FileApprovalStore.inStateDir(target.state)) {
                Instant now = Clock.systemUTC().instant();
                ApprovalDecisions.Result result = ApprovalDecisions.decide(store, target.namespace, id, decision(),
                        new ApprovalDecisions.Decider(by, groups), reason, now);
                if (result instanceof ApprovalDecisions.Result.Decided decided) {
                    return "ok:" + ApprovalDecisions.describe(decided.approval(), now);
                }
                return ((ApprovalDecisions.Result.Refused) result).message();
            }
        }

        private String cluster() {
            try (KubernetesClient client = new KubernetesClientBuilder().build()) {
                String namespace = target.namespace != null ? target.namespace : client.getNamespace();
                if (namespace == null) {
                    throw new ParameterException(spec.commandLine(), "-n NAMESPACE is required: the kubeconfig names no namespace");
                }
                return decideInCluster(client, namespace, id, decision(), reason);
            }
        }
    }

    /**
     * Cluster mode: sets spec.decision as the kubeconfig's user; the API server sends that change to
     * IBAC's approvals webhook, which checks the user and records it. Returns "ok:…" or the refusal.
     */
    static String decideInCluster(KubernetesClient client, String namespace, String id, ApprovalSpec.Decision decision,
            String reason) {
        KubernetesApprovalStore store = new KubernetesApprovalStore(client);
        try {
            Optional<Approval> found = store.find(namespace, id);
            if (found.isEmpty()) {
                Optional<Approval> elsewhere = store.find(null, id);
                return elsewhere.map(a -> "approval " + id + " belongs to mission " + a.missionKey() + ", not to namespace " + namespace)
                        .orElse("no approval " + id + " in namespace " + namespace + "; \"ibac approvals list\" shows them");
            }
            // who the user is only the API server knows: the approvals webhook checks that; the state is checked here too
            Optional<String> decidedAlready = ApprovalDecisions.refusalOfState(found.get(), Instant.now());
            if (decidedAlready.isPresent()) {
                return decidedAlready.get();
            }
            store.decide(namespace, id, decision, reason);
            return "ok:" + (decision == ApprovalSpec.Decision.Approve ? "approved " : "rejected ") + id + " ("
                    + found.get().getSpec().action().summary() + "); IBAC records you as the decider";
        } catch (KubernetesClientException e) {
            return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approve an Approval: the agent's next identical request within the mission's ttl is admitted once.")
    public static final class Approve extends Decide {
        @Override
        ApprovalSpec.Decision decision() {
            return ApprovalSpec.Decision.Approve;
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true,
            description = "Reject an Approval: the agent's retries are denied, naming who rejected it and why.")
    public static final class Reject extends Decide {
        @Override
        ApprovalSpec.Decision decision() {
            return ApprovalSpec.Decision.Reject;
        }
    }

    private record Opened(ApprovalStore store, KubernetesClient client) implements AutoCloseable {
        @Override
        public void close() {
            if (client != null) {
                client.close();
            }
        }
    }

    private static Opened open(Target target) {
        if (target.state != null) {
            return new Opened(FileApprovalStore.inStateDir(target.state), null);
        }
        KubernetesClient client = new KubernetesClientBuilder().build();
        return new Opened(new KubernetesApprovalStore(client), client);
    }
}
