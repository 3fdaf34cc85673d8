package dev.ibac.webhook.cli;

import dev.ibac.crd.check.Finding;
import dev.ibac.crd.check.ManifestChecker;
import dev.ibac.webhook.problem.IoErrors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code check FILE…}: offline validation of Mission and Budget manifests; exit 1 when anything is
 * wrong. Other kinds (a Namespace, RBAC) are skipped with a note and warnings do not fail, so
 * {@code check deploy/examples/*.yaml} checks what {@code serve} would load.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate Mission/Budget YAML offline: schema and meaning. Exit 0 clean, 1 findings, 2 usage.",
                "Other kinds are skipped with a note; warnings (e.g. an unknown resource name) do not fail."})
public final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "YAML files (several documents each allowed)")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        for (Path file : files) {
            String problem = IoErrors.notARegularFile(file);
            if (problem != null) {
                throw new ParameterException(spec.commandLine(), file + ": " + problem);
            }
        }
        ManifestChecker checker = new ManifestChecker(Clock.systemUTC());
        PrintWriter out = spec.commandLine().getOut();
        int problems = 0;
        for (Path file : files) {
            List<Finding> findings = checker.check(file);
            findings.forEach(out::println);
            long errors = findings.stream().filter(Finding::isError).count();
            problems += errors;
            if (errors == 0) {
                out.println(file + ": ok");
            }
        }
        out.flush();
        return problems == 0 ? ExitCodes.OK : ExitCodes.FINDING;
    }
}
