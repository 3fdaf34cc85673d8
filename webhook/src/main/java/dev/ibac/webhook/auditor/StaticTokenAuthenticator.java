package dev.ibac.webhook.auditor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Embedded mode: one random token, kept in {@code <state>/audit-token} (0600) and reused across
 * restarts, compared in constant time.
 */
public final class StaticTokenAuthenticator implements AuditorAuthenticator {
    public static final String FILE = "audit-token";
    private final byte[] token;

    public StaticTokenAuthenticator(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the state directory's token, creating it on first start. */
    public static StaticTokenAuthenticator inStateDir(Path stateDir) throws IOException {
        Path file = stateDir.resolve(FILE);
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            Files.writeString(file, HexFormat.of().formatHex(random) + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // nothing to tighten on this filesystem
            }
        }
        return new StaticTokenAuthenticator(Files.readString(file).trim());
    }

    @Override
    public Optional<String> authenticate(String bearerToken) {
        boolean valid = bearerToken != null && MessageDigest.isEqual(token, bearerToken.getBytes(StandardCharsets.UTF_8));
        return valid ? Optional.of("holder of the audit token") : Optional.empty();
    }
}
