package dev.ibac.webhook.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ibac.webhook.audit.AuditChain;
import dev.ibac.webhook.audit.AuditVerifier;
import dev.ibac.webhook.audit.HashChainedAuditLog;
import dev.ibac.webhook.cli.DemoAgent;
import dev.ibac.webhook.testing.Fixtures;
import dev.ibac.webhook.testing.TestMissions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The audit volume fills up: appends fail closed. The real webhook writes its log on a 2 MiB tmpfs
 * that is all but full; once an entry cannot be written every agent request whose entry does not fit
 * is answered 500 (the API server applies failurePolicy), /readyz turns unready naming the reason,
 * the metrics say so, and every request that was answered 200 has its entry in the log. Once space
 * is freed the next entry is written and the server is ready again, without a restart. Needs root to
 * mount the tmpfs; elsewhere it is skipped, saying why.
 */
class AuditVolumeFullIT {
    private static final int MAX_REQUESTS = 3_000;
    @TempDir
    Path dir;

    @Test
    void a_full_volume_refuses_agents_with_500_and_turns_unready_and_loses_no_answered_entry() throws Exception {
        Path volume = Files.createDirectories(dir.resolve("audit-volume"));
        assumeTrue(mounted(volume), () -> skip("mounting a 2 MiB tmpfs needs root (and CAP_SYS_ADMIN); not available here"));
        try {
            run(volume);
        } finally {
            unmount(volume);
        }
    }

    private void run(Path volume) throws Exception {
        Path log = volume.resolve("audit.jsonl");
        Path filler = volume.resolve("filler");
        // leave room for a few dozen entries, so the volume fills while the server runs
        Files.write(filler, new byte[(int) Math.max(0, Files.getFileStore(volume).getUsableSpace() - 48 * 1024)]);
        ServeSettings settings = ServeSettings.defaults(TestMissions.directory(dir, "shop.yaml"), dir.resolve("state")).withAuditLog(log);
        Set<String> answered = new HashSet<>();
        try (WebhookApp app = WebhookApp.start(settings)) {
            HttpClient http = HttpClient.newBuilder().sslContext(DemoAgent.trusting(app.caCertificate())).build();
            String base = "https://127.0.0.1:" + app.port();
            HttpResponse<String> refused = null;
            for (int i = 0; i < MAX_REQUESTS && refused == null; i++) {
                String uid = "uid-" + i;
                HttpResponse<String> response = validate(http, base, uid);
                if (response.statusCode() == 200) {
                    answered.add(uid);
                } else {
                    refused = response;
                }
            }
            assertThat(refused).as("a request refused before " + MAX_REQUESTS + " entries filled 48 KiB").isNotNull();
            assertThat(answered).hasSizeGreaterThan(5);
            assertThat(refused.statusCode()).isEqualTo(500);
            JsonNode error = Fixtures.MAPPER.readTree(refused.body());
            assertThat(error.path("message").asText()).contains("cannot record this decision").contains("no space left on device")
                    .doesNotContain("Exception");
            assertThat(validate(http, base, "after-full").statusCode()).as("fail closed, not once").isEqualTo(500);

            HttpResponse<String> ready = get(http, base + "/readyz");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("audit log").contains("no space left on device").contains("refused");
            assertThat(get(http, base + "/healthz").statusCode()).as("alive: a restart would not free space").isEqualTo(200);
            String metrics = get(http, base + "/metrics").body();
            assertThat(metrics).contains("ibac_audit_writable 0.0").containsPattern("ibac_audit_write_failures_total [1-9]");

            // space freed while it runs: the failed batches were truncated away, the next entry chains on
            Files.delete(filler);
            assertThat(validate(http, base, "after-freed").statusCode()).isEqualTo(200);
            answered.add("after-freed");
            assertThat(get(http, base + "/readyz").statusCode()).isEqualTo(200);
            assertThat(get(http, base + "/metrics").body()).contains("ibac_audit_writable 1.0");
        }
        // the log opens again, its head reached, and holds every answered entry, chained
        HashChainedAuditLog.open(log, 16, Clock.systemUTC()).close();
        AuditVerifier.Result verified = new AuditVerifier().verify(log, AuditChain.GENESIS);
        assertThat(verified.intact()).as(String.valueOf(verified.problem())).isTrue();
        Set<String> onDisk = new HashSet<>();
        for (String line : Files.readAllLines(log)) {
            onDisk.add(Fixtures.MAPPER.readTree(line).path("auditId").asText());
        }
        assertThat(onDisk).containsAll(answered).doesNotContain("after-full");
    }

    private static HttpResponse<String> validate(HttpClient http, String base, String uid) throws Exception {
        byte[] review = Fixtures.MAPPER.writeValueAsBytes(Fixtures.review("create-deployment", r -> r.put("uid", uid)));
        return http.send(HttpRequest.newBuilder(URI.create(base + "/validate")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(review)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static boolean mounted(Path dir) throws InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        return exec("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", dir.toString()) == 0;
    }

    private static void unmount(Path dir) throws InterruptedException {
        if (exec("umount", dir.toString()) != 0) {
            LoggerFactory.getLogger(AuditVolumeFullIT.class).warn("could not unmount the test tmpfs at {}", dir);
        }
    }

    private static int exec(String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            if (process.exitValue() != 0) {
                LoggerFactory.getLogger(AuditVolumeFullIT.class).info("{} failed: {}", String.join(" ", command), output.strip());
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String skip(String reason) {
        LoggerFactory.getLogger(AuditVolumeFullIT.class).warn("AuditVolumeFullIT skipped: {}", reason);
        return reason;
    }
}
