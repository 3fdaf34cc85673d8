package dev.ibac.webhook.cli;

import dev.ibac.certs.CertificateAuthority;
import dev.ibac.certs.TlsBundle;
import dev.ibac.webhook.problem.ConfigException;
import dev.ibac.webhook.problem.IoErrors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code certs generate}: a CA and a serving certificate for the webhook Service, as PEM files. */
@Command(name = "certs", mixinStandardHelpOptions = true, description = "Certificates for the webhook.",
        subcommands = CertsCommand.Generate.class)
public final class CertsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: generate");
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Generate a CA and a serving certificate for --service/--namespace into --out",
                    "(ca.crt, ca.key, tls.crt, tls.key) and print the caBundle to paste into the webhook configuration."})
    static final class Generate implements Callable<Integer> {
        private static final List<String> FILES = List.of("ca.crt", "ca.key", "tls.crt", "tls.key");

        @Spec
        CommandSpec spec;

        @Option(names = "--service", description = "Service name (default: ${DEFAULT-VALUE})")
        String service = "ibac";

        @Option(names = "--namespace", description = "Service namespace (default: ${DEFAULT-VALUE})")
        String namespace = "ibac-system";

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "directory for the PEM files")
        Path out;

        @Option(names = "--dns", paramLabel = "NAME", description = "extra DNS names (repeatable)")
        List<String> extraDns = new ArrayList<>();

        @Option(names = "--ip", paramLabel = "ADDRESS", description = "IP addresses (repeatable)")
        List<String> ips = new ArrayList<>();

        @Option(names = "--force", description = "replace the CA, key and certificates already in --out")
        boolean force;

        @Option(names = "--days", description = "serving certificate validity in days (default: ${DEFAULT-VALUE})")
        int days = 365;

        @Option(names = "--ca-days", description = "CA validity in days (default: ${DEFAULT-VALUE})")
        int caDays = 3650;

        @Override
        public Integer call() throws IOException {
            if (days < 1 || caDays < days) {
                throw new ParameterException(spec.commandLine(), "--days must be at least 1 and --ca-days at least --days");
            }
            if (!service.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") || !namespace.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
                throw new ParameterException(spec.commandLine(), "--service and --namespace must be DNS labels (lowercase letters, digits, '-')");
            }
            for (String ip : ips) {
                if (!CertificateAuthority.isIpAddress(ip)) {
                    throw new ParameterException(spec.commandLine(), "--ip " + ip + ": not an IP address (host names go in --dns)");
                }
            }
            refuseToOverwrite();
            CertificateAuthority ca = CertificateAuthority.create("ibac-ca", Duration.ofDays(caDays), Clock.systemUTC());
            List<String> dns = new ArrayList<>(CertificateAuthority.serviceDnsNames(service, namespace));
            dns.addAll(extraDns);
            TlsBundle bundle = ca.issue(dns, ips, Duration.ofDays(days));
            try {
                bundle.writeTo(out);
                Files.writeString(out.resolve("ca.key"), ca.caKeyPem());
            } catch (IOException e) {
                throw new ConfigException("cannot write the certificates to " + IoErrors.describe(out, e)
                        + "; --out must name a directory you may write to");
            }
            restrict(out.resolve("ca.key"));
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println("wrote " + out.resolve("ca.crt") + ", " + out.resolve("ca.key") + ", " + out.resolve("tls.crt") + ", " + out.resolve("tls.key"));
            List<String> names = new ArrayList<>(dns);
            names.addAll(ips);
            stdout.println("serving certificate for " + String.join(", ", names) + " valid until " + bundle.notAfter());
            stdout.println("caBundle (paste into the ValidatingWebhookConfiguration's clientConfig.caBundle):");
            stdout.println(bundle.caBundleBase64());
            stdout.flush();
            return ExitCodes.OK;
        }

        /** A CA already in --out may be trusted by a cluster: replacing it silently would break that trust. */
        private void refuseToOverwrite() {
            if (force) {
                return;
            }
            List<String> present = FILES.stream().filter(f -> Files.exists(out.resolve(f))).toList();
            if (!present.isEmpty()) {
                throw new ConfigException(out + " already holds " + String.join(", ", present)
                        + "; pass --force to replace them (clusters trusting the old CA must be given the new caBundle)");
            }
        }

        private static void restrict(Path file) {
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException | IOException notPosix) {
                // nothing to tighten on this filesystem
            }
        }
    }
}
