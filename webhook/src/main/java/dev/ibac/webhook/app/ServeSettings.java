package dev.ibac.webhook.app;

import dev.ibac.webhook.audit.HashChainedAuditLog;
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
        boolean auditObjects) {

    /**
     * Defaults for everything but where missions and state live: loopback, a free port, a
     * self-signed pair, the semantic judge, the default agent selectors. {@code missionsDir} null
     * means cluster mode.
     */
    public static ServeSettings defaults(Path missionsDir, Path stateDir) {
        return new ServeSettings(missionsDir, stateDir, "127.0.0.1", 0, null, null, stateDir.resolve("audit.jsonl"), "semantic",
                AgentSelector.DEFAULT_USERNAMES, AgentSelector.DEFAULT_GROUPS, WebhookServer.DEFAULT_MAX_BODY, 3, Map.of(),
                Clock.systemUTC(), HashChainedAuditLog.Rotation.DEFAULT.maxBytes(), false, true);
    }

    ServeSettings withTls(Path cert, Path key) {
        return new ServeSettings(missionsDir, stateDir, host, port, cert, key, auditLog, judge, agentUsernames, agentGroups,
                maxBodyBytes, daemonSetNodes, env, clock, auditMaxBytes, selfManagedCerts, auditObjects);
    }

    ServeSettings withSelfManagedCerts() {
        return new ServeSettings(missionsDir, stateDir, host, port, tlsCert, tlsKey, auditLog, judge, agentUsernames, agentGroups,
                maxBodyBytes, daemonSetNodes, env, clock, auditMaxBytes, true, auditObjects);
    }

    public ServeSettings withEnv(Map<String, String> environment) {
        return new ServeSettings(missionsDir, stateDir, host, port, tlsCert, tlsKey, auditLog, judge, agentUsernames, agentGroups,
                maxBodyBytes, daemonSetNodes, environment, clock, auditMaxBytes, selfManagedCerts, auditObjects);
    }

    ServeSettings withJudge(String judgeChoice) {
        return new ServeSettings(missionsDir, stateDir, host, port, tlsCert, tlsKey, auditLog, judgeChoice, agentUsernames, agentGroups,
                maxBodyBytes, daemonSetNodes, env, clock, auditMaxBytes, selfManagedCerts, auditObjects);
    }

    ServeSettings withAuditMaxBytes(long bytes) {
        return new ServeSettings(missionsDir, stateDir, host, port, tlsCert, tlsKey, auditLog, judge, agentUsernames, agentGroups,
                maxBodyBytes, daemonSetNodes, env, clock, bytes, selfManagedCerts, auditObjects);
    }

    /** {@code --audit-objects=false}: audit entries without {@code request{object,oldObject}} (then nothing can be replayed). */
    ServeSettings withAuditObjects(boolean objects) {
        return new ServeSettings(missionsDir, stateDir, host, port, tlsCert, tlsKey, auditLog, judge, agentUsernames, agentGroups,
                maxBodyBytes, daemonSetNodes, env, clock, auditMaxBytes, selfManagedCerts, objects);
    }

    public boolean embedded() {
        return missionsDir != null;
    }
}
