package dev.ibac.webhook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.webhook.app.ServeSettings;
import dev.ibac.webhook.app.WebhookApp;
import dev.ibac.webhook.audit.AuditChain;
import dev.ibac.webhook.audit.AuditVerifier;
import dev.ibac.webhook.problem.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the newcomer's tour. Starts embedded {@code serve} on the examples, drives a scripted
 * agent session through it over HTTPS and prints every verdict with its reasoning and cost.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an embedded webhook on deploy/examples and drive a scripted agent session through it.")
public final class DemoCommand implements Callable<Integer> {
    static final List<String> EXAMPLES = List.of("shop-mission.yaml", "ml-mission.yaml");

    @Option(names = "--examples", paramLabel = "DIR", description = "Missions and Budgets to use (default: deploy/examples, else the bundled copy)")
    Path examples;

    @Option(names = "--state", paramLabel = "DIR", description = "state directory (default: a fresh temporary directory)")
    Path state;

    @Override
    public Integer call() throws Exception {
        // the tour is for reading: keep the libraries' start-up chatter out of it
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl", "error");
        Path stateDir = state != null ? state : Files.createTempDirectory("ibac-demo-");
        Path missions = examples != null ? examples : examplesDir(stateDir);
        PrintStream out = System.out;
        ServeSettings settings = ServeSettings.defaults(missions, stateDir).withEnv(System.getenv());
        out.println("IBAC demo — embedded webhook on " + missions + " (state in " + stateDir + ")");
        try (WebhookApp app = WebhookApp.start(settings)) {
            DemoAgent agent = new DemoAgent(app.port(), app.caCertificate());
            out.println("listening on https://127.0.0.1:" + app.port() + "/validate, judge: " + app.judgeName());
            out.println();
            int step = 1;
            for (DemoAgent.Step s : DemoAgent.script()) {
                JsonNode response = agent.send(s);
                printVerdict(out, step++, s, response, app);
            }
        }
        AuditVerifier.Result verified = new AuditVerifier().verify(settings.auditLog(), AuditChain.GENESIS);
        out.println("audit log " + settings.auditLog() + ": " + verified.entries() + " entries, hash chain "
                + (verified.intact() ? "intact" : "BROKEN at line " + verified.firstBadLine()));
        out.println("try: java -jar webhook/target/ibac.jar audit query --log " + settings.auditLog());
        return verified.intact() ? ExitCodes.OK : ExitCodes.FINDING;
    }

    private static void printVerdict(PrintStream out, int step, DemoAgent.Step s, JsonNode review, WebhookApp app) {
        JsonNode response = review.path("response");
        boolean allowed = response.path("allowed").asBoolean();
        out.printf("%d. %s%n   %s%n", step, s.title(), s.describe());
        out.printf("   → %s%n", allowed ? "ALLOWED" : "DENIED (" + response.at("/status/code").asInt() + ")");
        if (!allowed) {
            out.printf("   %s%n", response.at("/status/message").asText());
        }
        response.path("warnings").forEach(w -> out.printf("   warning: %s%n", w.asText()));
        app.auditEntry(s.uid()).ifPresent(entry -> {
            String reason = entry.path("reason").asText();
            // a judge's denial already carries its reasoning in the line above: print it once
            boolean shown = !allowed && response.at("/status/message").asText().contains(reason);
            if ((allowed || entry.hasNonNull("judge")) && !shown) {
                out.printf("   reasoning (%s judge): %s%n", entry.at("/judge/name").asText("no"), reason);
            }
            out.printf("   cost: tokens $%s, resources $%s%s%n", entry.at("/cost/tokensUSD").asText(),
                    entry.at("/cost/resourceUSD").asText(), breakdown(entry.at("/cost/breakdown")));
        });
        out.println();
    }

    private static String breakdown(JsonNode breakdown) {
        StringBuilder text = new StringBuilder();
        breakdown.properties().forEach(f -> text.append("\n     ").append(f.getKey()).append(": ").append(f.getValue().asText()));
        return text.toString();
    }

    /** The bundled copy of deploy/examples, so the demo runs from any directory. */
    private static Path examplesDir(Path stateDir) throws IOException {
        Path local = Path.of("deploy", "examples");
        if (Files.isDirectory(local) && EXAMPLES.stream().allMatch(f -> Files.exists(local.resolve(f)))) {
            return local;
        }
        Path copy = Files.createDirectories(stateDir.resolve("examples"));
        for (String file : EXAMPLES) {
            try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/examples/" + file)) {
                if (in == null) {
                    throw new ConfigException("the jar has no bundled example " + file + "; pass --examples DIR");
                }
                Files.copy(in, copy.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return copy;
    }
}
