package dev.ibac.webhook.app;

import dev.ibac.webhook.audit.HashChainedAuditLog;
import dev.ibac.webhook.auditor.Auditor;
import dev.ibac.webhook.auditor.StaticTokenAuthenticator;
import dev.ibac.webhook.http.WebhookServer;
import dev.ibac.webhook.pipeline.AgentSelector;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code serve} needs, resolved from flags, the config file and the environment.
 * {@code missionsDir} set means embedded mode; null means cluster mode.
 */
public record ServeSettings(
        Path missionsDir,
        Path stateDir,
        String host,
        int port,
        Path tlsCert,
        Path tlsKey,
        Path auditLog,
        String judge,
        List<String> agentUsernames,
        List<String> agentGroups,
        long maxBodyBytes,
        int daemonSetNodes,
        Map<String, String> env,
        Clock clock,
        long auditMaxBytes,
        boolean selfManagedCerts,
        boolean auditObjects,
        Replica replica,
        Auditor tokenHolder) {

    /**
     * This replica in a cluster of them: {@code name} goes into every audit entry (the chain is the
     * replica's), {@code auditStdout} mirrors each entry on standard output, {@code peers} are the
     * other replicas the auditor page asks ({@code NAME=https://host:port} entries, or
     * {@code service:SERVICE} for the StatefulSet's pods behind a headless Service).
     */
    public record Replica(String name, boolean auditStdout, List<String> peers) {
        public static final Replica LOCAL = new Replica("local", false, List.of());

        public Replica {
            peers = List.copyOf(peers);
        }
    }

    /**
     * Defaults for everything but where missions and state live: loopback, a free port, a
     * self-signed pair, the semantic judge, the default agent selectors. {@code missionsDir} null
     * means cluster mode.
     */
    public static ServeSettings defaults(Path missionsDir, Path stateDir) {
        return new ServeSettings(missionsDir, stateDir, "127.0.0.1", 0, null, null, stateDir.resolve("audit.jsonl"), "semantic",
                AgentSelector.DEFAULT_USERNAMES, AgentSelector.DEFAULT_GROUPS, WebhookServer.DEFAULT_MAX_BODY, 3, Map.of(),
                Clock.systemUTC(), HashChainedAuditLog.Rotation.DEFAULT.maxBytes(), false, true,
                Replica.LOCAL, StaticTokenAuthenticator.DEFAULT_HOLDER);
    }

    ServeSettings withTls(Path cert, Path key) {
        return new ServeSettings(missionsDir, stateDir, host, port, cert, key, auditLog, judge, agentUsernames, agentGroups,
                maxBodyBytes, daemonSetNodes, env, clock, auditMaxBytes, selfManagedCerts, auditObjects, replica, tokenHolder);
    }

    ServeSettings withSelfManagedCerts() {
        return new ServeSettings(missionsDir, stateDir, host, port, tlsCert, tlsKey, auditLog, judge, agentUsernames, agentGroups,
                maxBodyBytes, daemonSetNodes, env, clock, auditMaxBytes, true, auditObjects, replica, tokenHolder);
    }

    public ServeSettings withEnv(Map<String, String> environment) {
        return new ServeSettings(missionsDir, stateDir, host, port, tlsCert, tlsKey, auditLog, judge, agentUsernames, agentGroups,
                maxBodyBytes, daemonSetNodes, environment, clock, auditMaxBytes, selfManagedCerts, auditObjects, replica, tokenHolder);
    }

    ServeSettings withJudge(String judgeChoice) {
        return new ServeSettings(missionsDir, stateDir, host, port, tlsCert, tlsKey, auditLog, judgeChoice, agentUsernames, agentGroups,
                maxBodyBytes, daemonSetNodes, env, clock, auditMaxBytes, selfManagedCerts, auditObjects, replica, tokenHolder);
    }

    ServeSettings withAuditMaxBytes(long bytes) {
        return new ServeSettings(missionsDir, stateDir, host, port, tlsCert, tlsKey, auditLog, judge, agentUsernames, agentGroups,
                maxBodyBytes, daemonSetNodes, env, clock, bytes, selfManagedCerts, auditObjects, replica, tokenHolder);
    }

    /** {@code --audit-objects=false}: audit entries without {@code request{object,oldObject}} (then nothing can be replayed). */
    ServeSettings withAuditObjects(boolean objects) {
        return new ServeSettings(missionsDir, stateDir, host, port, tlsCert, tlsKey, auditLog, judge, agentUsernames, agentGroups,
                maxBodyBytes, daemonSetNodes, env, clock, auditMaxBytes, selfManagedCerts, objects, replica, tokenHolder);
    }

    public ServeSettings withReplica(Replica r) {
        return new ServeSettings(missionsDir, stateDir, host, port, tlsCert, tlsKey, auditLog, judge, agentUsernames, agentGroups,
                maxBodyBytes, daemonSetNodes, env, clock, auditMaxBytes, selfManagedCerts, auditObjects, r, tokenHolder);
    }

    public ServeSettings withAuditLog(Path log) {
        return new ServeSettings(missionsDir, stateDir, host, port, tlsCert, tlsKey, log, judge, agentUsernames, agentGroups,
                maxBodyBytes, daemonSetNodes, env, clock, auditMaxBytes, selfManagedCerts, auditObjects, replica, tokenHolder);
    }

    /**
     * {@code serve --auditor-name NAME --auditor-group GROUP}: who holds embedded mode's audit token,
     * the auditor the pages show and an approval's approvers may list (cluster mode asks the API server).
     */
    public ServeSettings withTokenHolder(Auditor holder) {
        return new ServeSettings(missionsDir, stateDir, host, port, tlsCert, tlsKey, auditLog, judge, agentUsernames, agentGroups,
                maxBodyBytes, daemonSetNodes, env, clock, auditMaxBytes, selfManagedCerts, auditObjects, replica, holder);
    }

    public boolean embedded() {
        return missionsDir != null;
    }
}
