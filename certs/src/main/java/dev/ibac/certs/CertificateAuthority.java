package dev.ibac.certs;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private CA (ECDSA P-256) that issues serving certificates for the webhook's Service. Created
 * fresh with {@link #create} or loaded from PEM with {@link #load}.
 */
public final class CertificateAuthority {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final X509Certificate certificate;
    private final PrivateKey key;
    private final Clock clock;

    private CertificateAuthority(X509Certificate certificate, PrivateKey key, Clock clock) {
        this.certificate = certificate;
        this.key = key;
        this.clock = clock;
    }

    /** A new self-signed CA (CA:true, keyCertSign) valid from now (5 minutes back, for clock skew) for {@code validity}. */
    public static CertificateAuthority create(String commonName, Duration validity, Clock clock) {
        try {
            KeyPair pair = newKeyPair();
            X500Name name = new X500Name("CN=" + commonName);
            Instant now = Instant.now(clock);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), name, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            return new CertificateAuthority(sign(builder, pair.getPrivate()), pair.getPrivate(), clock);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot create a CA", e);
        }
    }

    /** The CA whose certificate (first in {@code caPem}) and private key were saved as PEM. */
    public static CertificateAuthority load(String caPem, String caKeyPem, Clock clock) {
        return new CertificateAuthority(Pem.certificates(caPem).get(0), Pem.privateKey(caKeyPem), clock);
    }

    /** DNS names under which a Service is dialled: svc, svc.ns, svc.ns.svc, svc.ns.svc.cluster.local. */
    public static List<String> serviceDnsNames(String service, String namespace) {
        return List.of(service, service + "." + namespace, service + "." + namespace + ".svc",
                service + "." + namespace + ".svc.cluster.local");
    }

    /** True for an IPv4 or IPv6 address literal (what a certificate's IP SAN can hold); never resolves names. */
    public static boolean isIpAddress(String value) {
        return value != null && org.bouncycastle.util.IPAddress.isValid(value);
    }

    /**
     * Issues a serving certificate (serverAuth) for the DNS names and IP addresses given, valid for
     * {@code validity} but never beyond the CA itself. Returns the pair with the chain (leaf, CA).
     */
    public TlsBundle issue(List<String> dnsNames, List<String> ipAddresses, Duration validity) {
        for (String ip : ipAddresses) {
            if (!isIpAddress(ip)) {
                throw new IllegalArgumentException("not an IP address: " + ip);
            }
        }
        try {
            KeyPair pair = newKeyPair();
            Instant now = Instant.now(clock);
            Instant notAfter = earliest(now.plus(validity), notAfter());
            List<GeneralName> names = new ArrayList<>();
            dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
            ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(notAfter),
                    new X500Name("CN=" + (dnsNames.isEmpty() ? "ibac" : dnsNames.get(0))), pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            X509Certificate issued = sign(builder, key);
            return new TlsBundle(caPem(), Pem.encode(issued) + caPem(), Pem.encode(pair.getPrivate()));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot issue a certificate", e);
        }
    }

    /** This CA's certificate as PEM. */
    public String caPem() {
        return Pem.encode(certificate);
    }

    /** This CA's private key as PKCS#8 PEM: keep it secret. */
    public String caKeyPem() {
        return Pem.encode(key);
    }

    /** When this CA expires. */
    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
