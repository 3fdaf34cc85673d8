package dev.ibac.webhook.auditor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Embedded mode: one random token, kept in {@code <state>/audit-token} (0600) and reused across
 * restarts, compared in constant time. Whoever holds it is one auditor, {@code holder}: the
 * operator names them with {@code serve --auditor-name NAME [--auditor-group GROUP …]}, so a
 * Mission's approvers can list them; the default {@link #DEFAULT_HOLDER} is listed by none (read-only).
 */
public final class StaticTokenAuthenticator implements AuditorAuthenticator {
    public static final String FILE = "audit-token";
    /** The token's holder when serve is not told who it is: a name no approvers list would hold by chance. */
    public static final Auditor DEFAULT_HOLDER = new Auditor("ibac:audit-token", List.of());
    private static final int MIN_LENGTH = 16;
    private final byte[] token;
    private final Auditor holder;

    public StaticTokenAuthenticator(String token, Auditor holder) {
        if (token == null || token.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException("an audit token needs at least " + MIN_LENGTH + " characters");
        }
        this.token = token.strip().getBytes(StandardCharsets.UTF_8);
        this.holder = holder;
    }

    /** Reads the state directory's token, creating it (0600 from the first byte) on first start; {@code holder} is who holds it. */
    public static StaticTokenAuthenticator inStateDir(Path stateDir, Auditor holder) throws IOException {
        Path file = stateDir.resolve(FILE);
        if (!Files.exists(file)) {
            create(file);
        }
        try {
            return new StaticTokenAuthenticator(Files.readString(file), holder);
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
    public Optional<Auditor> authenticate(String bearerToken) {
        boolean valid = bearerToken != null && MessageDigest.isEqual(token, bearerToken.getBytes(StandardCharsets.UTF_8));
        return valid ? Optional.of(holder) : Optional.empty();
    }
}
