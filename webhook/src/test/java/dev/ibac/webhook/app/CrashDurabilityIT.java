package dev.ibac.webhook.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ibac.certs.TlsBundle;
import dev.ibac.webhook.audit.AuditLogFiles;
import dev.ibac.webhook.audit.AuditVerifier;
import dev.ibac.webhook.cli.DemoAgent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing admitted is lost or overspent (issue #13), against a real child JVM running {@code serve}:
 * under load, the webhook is killed with SIGKILL and stopped with SIGTERM, in turns, and restarted
 * on the same state. Across all of it the mission's cap (20 actions) is never exceeded, and every
 * uid a client saw admitted has its entry in the audit log, which verifies. Time bounds only tell a
 * hang from an answer.
 */
class CrashDurabilityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CAP = 20;
    /** One action: 6 replicas x (500m, 512Mi) for 1h = $0.135, plus 1800 reported tokens at $0.15/1M = $0.00027. */
    private static final String COST_CAP = "2.71"; // 20 x $0.13527 = $2.7054; 21 would be $2.84
    private static final Pattern SERVING = Pattern.compile("serving https://[^:]+:(\\d+)/validate");

    @TempDir
    Path dir;

    @Test
    void kill_9_and_sigterm_under_load_never_overspend_and_never_lose_an_admitted_entry() throws Exception {
        Path missions = Files.createDirectories(dir.resolve("missions"));
        Files.writeString(missions.resolve("shop.yaml"), mission());
        Path state = dir.resolve("state");
        Set<String> admittedSeen = ConcurrentHashMap.newKeySet();
        String[] stops = {"kill", "term", "kill", "term"};
        for (String stop : stops) {
            Child child = Child.start(missions, state);
            // stopped while eight agents still have requests in flight
            drive(child, state, admittedSeen, 3, () -> {
                if (stop.equals("kill")) {
                    child.process.destroyForcibly(); // SIGKILL: no hook, no flush
                } else {
                    child.process.destroy(); // SIGTERM: drain and flush
                }
            });
            assertThat(child.process.waitFor(60, TimeUnit.SECONDS)).as("child exits after SIG" + stop.toUpperCase()).isTrue();
        }
        Child last = Child.start(missions, state);
        try {
            drive(last, state, admittedSeen, CAP + 5, () -> {}); // more than the cap allows: the rest must be denied
        } finally {
            last.process.destroy();
            last.process.waitFor(60, TimeUnit.SECONDS);
        }
        Path log = state.resolve("audit.jsonl");
        Set<String> admittedLogged = new HashSet<>();
        for (Path file : AuditLogFiles.oldestFirst(log)) {
            for (String line : Files.readAllLines(file)) {
                JsonNode entry = JSON.readTree(line);
                if (entry.path("decision").asText().equals("allow")) {
                    admittedLogged.add(entry.path("auditId").asText());
                }
            }
        }
        System.out.println("admitted: " + admittedLogged.size() + " in the audit log, " + admittedSeen.size() + " seen by clients");
        assertThat(admittedLogged.size()).as("admitted across restarts").isLessThanOrEqualTo(CAP).isGreaterThan(0);
        assertThat(admittedLogged).as("every admission a client saw is in the audit log").containsAll(admittedSeen);
        assertThat(new AuditVerifier().verifyRotated(log, null).intact()).isTrue();
    }

    /**
     * Eight concurrent agents, each sending fresh requests, until {@code admissions} were admitted or
     * the cap denies; then {@code stop} runs at once, while the other agents' requests are in flight.
     */
    private static void drive(Child child, Path state, Set<String> admittedSeen, int admissions, Runnable stop) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(DemoAgent.trusting(state.resolve(TlsBundle.CA_FILE)))
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        int before = admittedSeen.size();
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService agents = Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            running.add(agents.submit(() -> {
                while (!done.get()) {
                    if (!child.process.isAlive()) {
                        break;
                    }
                    String uid = UUID.randomUUID().toString();
                    JsonNode answer = send(http, child.port, uid);
                    if (answer == null) {
                        continue;
                    }
                    if (answer.at("/response/allowed").asBoolean()) {
                        admittedSeen.add(uid);
                    } else if (answer.at("/response/status/message").asText().contains("budget") && !done.getAndSet(true)) {
                        stop.run(); // the cap is spent
                    }
                    if (admittedSeen.size() - before >= admissions && !done.getAndSet(true)) {
                        stop.run();
                    }
                }
                return null;
            }));
        }
        agents.shutdown();
        assertThat(agents.awaitTermination(120, TimeUnit.SECONDS)).as("the load finished").isTrue();
        for (java.util.concurrent.Future<?> f : running) {
            f.get();
        }
    }

    private static JsonNode send(HttpClient http, int port, String uid) throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/validate"))
                    .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(review(uid).toString())).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null; // the webhook went away mid-request: not an admission
        }
    }

    static ObjectNode review(String uid) {
        ObjectNode review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request").put("uid", uid);
        request.putObject("kind").put("group", "apps").put("version", "v1").put("kind", "Deployment");
        request.putObject("resource").put("group", "apps").put("version", "v1").put("resource", "deployments");
        request.put("name", "checkout").put("namespace", "shop").put("operation", "CREATE");
        request.putObject("userInfo").put("username", "system:serviceaccount:shop:shop-agent").putArray("groups")
                .add("system:serviceaccounts").add("system:serviceaccounts:shop");
        ObjectNode object = request.putObject("object").put("apiVersion", "apps/v1").put("kind", "Deployment");
        ObjectNode metadata = object.putObject("metadata").put("name", "checkout").put("namespace", "shop");
        metadata.putObject("labels").put("app", "checkout");
        metadata.putObject("annotations").put("ibac.io/rationale", "Black Friday traffic: checkout needs more replicas.")
                .put("ibac.io/tokens", "1800");
        ObjectNode spec = object.putObject("spec").put("replicas", 6);
        spec.putObject("selector").putObject("matchLabels").put("app", "checkout");
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put("app", "checkout");
        template.putObject("spec").putArray("containers").addObject().put("name", "checkout")
                .put("image", "registry.example/shop/checkout:1.0")
                .putObject("resources").putObject("requests").put("cpu", "500m").put("memory", "512Mi");
        return review;
    }

    private static String mission() {
        return """
                apiVersion: ibac.io/v1alpha1
                kind: Mission
                metadata: {name: scale-checkout, namespace: shop}
                spec:
                  goal: >-
                    Scale the checkout service for Black Friday: more replicas for the checkout
                    deployment, and a Redis cache in front of it.
                  agent: {serviceAccount: shop-agent}
                  scope:
                    namespaces: [shop]
                    resources:
                      - apiGroups: [apps]
                        resources: [deployments, deployments/scale]
                        operations: [CREATE, UPDATE]
                        names: ["checkout*", "redis-*"]
                  budget: {costUSD: "%s"}
                  limits: {maxChangesPerMinute: 100000}
                  judge: {mode: Enforce, onError: Deny}
                """.formatted(COST_CAP);
    }

    /** {@code serve} in its own JVM, on the test classpath. */
    private record Child(Process process, int port) {
        static Child start(Path missions, Path state) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    "dev.ibac.webhook.Main", "serve", "--missions", missions.toString(), "--state", state.toString(),
                    "--host", "127.0.0.1", "--port", "0", "--judge", "semantic").redirectErrorStream(true);
            builder.environment().keySet().removeIf(k -> k.startsWith("IBAC_"));
            Process process = builder.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            StringBuilder seen = new StringBuilder();
            while (System.nanoTime() < deadline) {
                String line = out.readLine();
                if (line == null) {
                    throw new AssertionError("serve exited before listening:\n" + seen);
                }
                seen.append(line).append('\n');
                Matcher m = SERVING.matcher(line);
                if (m.find()) {
                    Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "child-output");
                    drain.setDaemon(true);
                    drain.start();
                    return new Child(process, Integer.parseInt(m.group(1)));
                }
            }
            process.destroyForcibly();
            throw new AssertionError("serve did not listen within 120 s:\n" + seen);
        }
    }
}
