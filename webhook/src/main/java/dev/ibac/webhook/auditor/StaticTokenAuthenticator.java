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
    private static final int MIN_LENGTH = 16;
    private final byte[] token;

    public StaticTokenAuthenticator(String token) {
        if (token == null || token.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException("an audit token needs at least " + MIN_LENGTH + " characters");
        }
        this.token = token.strip().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the state directory's token, creating it (0600 from the first byte) on first start. */
    public static StaticTokenAuthenticator inStateDir(Path stateDir) throws IOException {
        Path file = stateDir.resolve(FILE);
        if (!Files.exists(file)) {
            create(file);
        }
        try {
            return new StaticTokenAuthenticator(Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage() + "; delete the file and a new token is generated on start", e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, HexFormat.of().formatHex(random) + "\n");
    }

    @Override
    public Optional<String> authenticate(String bearerToken) {
        boolean valid = bearerToken != null && MessageDigest.isEqual(token, bearerToken.getBytes(StandardCharsets.UTF_8));
        return valid ? Optional.of("holder of the audit token") : Optional.empty();
    }
}
