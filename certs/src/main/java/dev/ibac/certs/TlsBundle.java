package dev.ibac.certs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * A serving key pair with its chain and the CA bundle clients trust, all PEM. {@code caPem} may hold
 * several CA certificates (during rotation the old CA stays in the bundle).
 */
public record TlsBundle(String caPem, String certPem, String keyPem) {
    public static final String CA_FILE = "ca.crt";
    public static final String CERT_FILE = "tls.crt";
    public static final String KEY_FILE = "tls.key";
    static final long MAX_FILE_BYTES = 1 << 20;

    /** Writes ca.crt, tls.crt and tls.key (0600 where the filesystem has POSIX permissions). */
    public void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(CA_FILE), caPem, StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve(CERT_FILE), certPem, StandardCharsets.US_ASCII);
        Path key = dir.resolve(KEY_FILE);
        Files.writeString(key, keyPem, StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows and some volume types: nothing to tighten
        }
    }

    /** What goes into a webhook's {@code clientConfig.caBundle}. */
    public String caBundleBase64() {
        return Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII));
    }

    /** The serving certificate's expiry. */
    public Instant notAfter() {
        return Pem.certificates(certPem).get(0).getNotAfter().toInstant();
    }

    /**
     * A PKCS#12 key store holding the key under alias "ibac" with its chain. Throws when the key is not
     * the certificate's (a half-rotated pair would otherwise fail every handshake).
     */
    public KeyStore toKeyStore(char[] password) throws GeneralSecurityException {
        List<X509Certificate> chain = Pem.certificates(certPem);
        PrivateKey key = Pem.privateKey(keyPem);
        if (!Pem.isPair(key, chain.get(0).getPublicKey())) {
            throw new GeneralSecurityException("the private key does not belong to the certificate");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        store.setKeyEntry("ibac", key, password, chain.toArray(new X509Certificate[0]));
        return store;
    }

    /** Reads a pair written by {@link #writeTo} or supplied by an operator (ca.crt optional). */
    public static TlsBundle read(Path cert, Path key, Path ca) throws IOException {
        String caPem = ca != null && Files.exists(ca) ? readSmall(ca) : "";
        return parse(caPem, readSmall(cert), readSmall(key), cert + ", " + key);
    }

    static TlsBundle parse(String caPem, String certPem, String keyPem, String source) throws IOException {
        TlsBundle bundle = new TlsBundle(caPem, certPem, keyPem);
        try {
            bundle.toKeyStore("check".toCharArray());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("not a usable PEM certificate/key pair (" + source + "): " + e.getMessage(), e);
        }
        return bundle;
    }

    /** PEM chains are a few KiB; anything bigger is not what an operator meant to mount. */
    static String readSmall(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException(file + " is larger than " + MAX_FILE_BYTES + " bytes, not a PEM certificate or key");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
