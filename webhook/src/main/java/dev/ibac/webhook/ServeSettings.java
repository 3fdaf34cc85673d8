package dev.ibac.webhook;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code serve} needs, resolved from flags, the config file and the environment.
 * {@code missionsDir} set means embedded mode; null means cluster mode.
 */
record ServeSettings(
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
        boolean selfManagedCerts) {

    boolean embedded() {
        return missionsDir != null;
    }
}
