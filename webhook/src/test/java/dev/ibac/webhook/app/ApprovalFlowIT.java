package dev.ibac.webhook.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.webhook.Main;
import dev.ibac.webhook.cli.DemoAgent;
import dev.ibac.webhook.testing.Fixtures;
import dev.ibac.webhook.testing.TestMissions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §5a end to end in embedded mode, over HTTPS: an uncertain verdict under onUncertain: Approve
 * is a 403 naming a pending approval; the CLI lists and decides it against the same --state; the
 * server sees the decision on the agent's next retry, admits it once at stage approval, and a
 * rejection denies retries by name.
 */
class ApprovalFlowIT {
    private static final Pattern PENDING = Pattern.compile("approval (ap-[0-9a-f]+) is pending");
    private static final String AGENT = "system:serviceaccount:shop:shop-agent";

    @TempDir
    Path state;
    WebhookApp app;
    HttpClient http;
    int uid;

    @BeforeEach
    void start() throws Exception {
        Path missions = TestMissions.directory(state, "approve.yaml");
        app = WebhookApp.start(ServeSettings.defaults(missions, state));
        http = HttpClient.newBuilder().sslContext(DemoAgent.trusting(app.caCertificate())).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void an_uncertain_action_waits_for_an_approver_and_is_admitted_once() throws Exception {
        JsonNode first = changeImage();
        assertThat(first.at("/response/allowed").asBoolean()).isFalse();
        assertThat(first.at("/response/status/code").asInt()).isEqualTo(403);
        String message = first.at("/response/status/message").asText();
        assertThat(message).startsWith("ibac: approval needed (judge): ").contains("is pending", "an approver of mission shop/scale-checkout",
                "users alice; groups shop-owners", "ibac approve ap-", "--state " + state).matches(".*\\[audit [^\\]]+\\]$");
        String id = pendingId(message);
        assertThat(pendingId(changeImage().at("/response/status/message").asText())).as("a retry while pending").isEqualTo(id);
        assertThat(approvalFiles()).as("no second Approval").hasSize(1);

        Cli list = cli("approvals", "list", "--state", state.toString());
        assertThat(list.code).isZero();
        assertThat(list.out).contains(id, "Pending", "mission shop/scale-checkout", "UPDATE deployments shop/checkout", "effect ",
                "reasoning (semantic): ");

        Cli stranger = cli("approve", id, "--state", state.toString(), "--by", "mallory", "--reason", "why not");
        assertThat(stranger.code).isEqualTo(1);
        assertThat(stranger.err.strip()).isEqualTo("ibac: mallory is not an approver of mission shop/scale-checkout "
                + "(spec.approval.approvers: users alice; groups shop-owners)");
        Cli agent = cli("approve", id, "--state", state.toString(), "--by", AGENT, "--group", "shop-owners");
        assertThat(agent.code).isEqualTo(1);
        assertThat(agent.err).contains("acts as an agent of mission shop/scale-checkout: an agent never decides its own approvals");
        assertThat(cli("approve", "ap-00000000", "--state", state.toString(), "--by", "alice").code).isEqualTo(1);
        assertThat(cli("approve", id, "--state", state.toString(), "--by", "alice", "-n", "other").err)
                .contains("belongs to mission shop/scale-checkout, not to namespace other");

        Cli approve = cli("approve", id, "--state", state.toString(), "--by", "alice", "--reason", "planned rollout");
        assertThat(approve.code).as(approve.err).isZero();
        assertThat(approve.out).contains("approved " + id);
        Cli twice = cli("reject", id, "--state", state.toString(), "--by", "alice");
        assertThat(twice.code).isEqualTo(1);
        assertThat(twice.err).contains("was already approved by alice");

        String admittedUid = nextUid();
        JsonNode admitted = changeImage(admittedUid);
        assertThat(admitted.at("/response/allowed").asBoolean()).as(admitted.toString()).isTrue();
        ObjectNode entry = awaitEntry(admittedUid);
        assertThat(entry.path("stage").asText()).isEqualTo("approval");
        assertThat(entry.path("decision").asText()).isEqualTo("allow");
        assertThat(entry.at("/approval/id").asText()).isEqualTo(id);
        assertThat(entry.at("/approval/by").asText()).isEqualTo("alice");
        assertThat(entry.at("/cost/resourceUSD").isTextual()).isTrue();
        assertThat(entry.at("/effects").isArray()).isTrue();

        String next = pendingId(changeImage().at("/response/status/message").asText());
        assertThat(next).as("used once: the next request needs a new approval").isNotEqualTo(id);
        assertThat(cli("reject", next, "--state", state.toString(), "--by", "bob", "--group", "shop-owners", "--reason", "not today").code)
                .isZero();
        String rejected = changeImage().at("/response/status/message").asText();
        assertThat(rejected).startsWith("ibac: denied (approval): approval " + next + " of this action was rejected by bob: not today");
    }

    @Test
    void approvals_survive_a_restart() throws Exception {
        String id = pendingId(changeImage().at("/response/status/message").asText());
        app.close();
        app = null;
        start();
        assertThat(pendingId(changeImage().at("/response/status/message").asText())).isEqualTo(id);
        assertThat(app.approvals().pending(java.time.Instant.now())).extracting(a -> a.id()).containsExactly(id);
    }

    private String nextUid() {
        return "0000aaaa-0000-4000-8000-" + String.format("%012d", ++uid);
    }

    private JsonNode changeImage() throws Exception {
        return changeImage(nextUid());
    }

    /** An UPDATE of checkout that only swaps its image: nothing in a scaling goal asks for that. */
    private JsonNode changeImage(String requestUid) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + app.port() + "/validate"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Fixtures.imageChange(requestUid).toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return Fixtures.MAPPER.readTree(response.body());
    }

    private static String pendingId(String message) {
        Matcher m = PENDING.matcher(message);
        assertThat(m.find()).as(message).isTrue();
        return m.group(1);
    }

    private ObjectNode awaitEntry(String auditId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos(); // tells a hang from an answer
        while (System.nanoTime() < deadline) {
            var entry = app.auditEntry(auditId);
            if (entry.isPresent()) {
                return entry.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no audit entry for " + auditId);
    }

    private List<Path> approvalFiles() throws Exception {
        try (Stream<Path> files = Files.list(state.resolve("approvals"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
        }
    }

    private record Cli(int code, String out, String err) {}

    private static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Cli(code, out.toString(), err.toString());
    }
}
