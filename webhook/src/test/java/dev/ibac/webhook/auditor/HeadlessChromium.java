package dev.ibac.webhook.auditor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium driven through chromedriver's W3C WebDriver HTTP API with the JDK's
 * HttpClient — what a person's browser does, without Selenium. Debian packages {@code chromium}
 * and {@code chromium-driver} provide both binaries (.ci/run installs them).
 */
public final class HeadlessChromium implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final Pattern STARTED = Pattern.compile("started successfully on port (\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process driver;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String session;

    private HeadlessChromium(Process driver, String session) {
        this.driver = driver;
        this.session = session;
    }

    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Starts chromedriver on a free loopback port and opens a browser whose profile lives in {@code profile}. */
    public static HeadlessChromium start(Path profile) throws Exception {
        Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=0", "--log-level=WARNING")
                .redirectErrorStream(true).start();
        try {
            String root = "http://127.0.0.1:" + port(driver);
            ObjectNode capabilities = JSON.createObjectNode();
            ObjectNode always = capabilities.putObject("capabilities").putObject("alwaysMatch");
            always.put("browserName", "chrome").put("acceptInsecureCerts", true);
            ObjectNode options = always.putObject("goog:chromeOptions").put("binary", CHROMIUM.toString());
            List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,900",
                    "--user-data-dir=" + profile).forEach(options.putArray("args")::add);
            JsonNode created = call(HttpClient.newHttpClient(), "POST", URI.create(root + "/session"), capabilities);
            return new HeadlessChromium(driver, root + "/session/" + created.path("sessionId").asText());
        } catch (Exception | Error e) {
            driver.destroyForcibly();
            throw e;
        }
    }

    /** chromedriver prints the port it bound; its output is drained afterwards so it never blocks on a full pipe. */
    private static int port(Process driver) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8));
        int port = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher m = STARTED.matcher(line);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
                throw new IllegalStateException("chromedriver exited before it was ready");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(20, TimeUnit.SECONDS);
        Thread drain = new Thread(() -> out.lines().forEach(line -> { }), "chromedriver-output");
        drain.setDaemon(true);
        drain.start();
        return port;
    }

    public void open(String url) throws Exception {
        post("/url", JSON.createObjectNode().put("url", url));
    }

    public String url() throws Exception {
        return get("/url").asText();
    }

    /** The rendered text of the first element matching a CSS selector. */
    public String text(String css) throws Exception {
        return get("/element/" + element(css) + "/text").asText();
    }

    /** The rendered texts of every element matching a CSS selector. */
    public List<String> texts(String css) throws Exception {
        List<String> texts = new ArrayList<>();
        for (JsonNode found : post("/elements", locator(css))) {
            texts.add(get("/element/" + found.path(ELEMENT).asText() + "/text").asText());
        }
        return texts;
    }

    public void click(String css) throws Exception {
        post("/element/" + element(css) + "/click", JSON.createObjectNode());
    }

    public void type(String css, String text) throws Exception {
        post("/element/" + element(css) + "/value", JSON.createObjectNode().put("text", text));
    }

    /** A cookie as the browser stores it: name, value, path, httpOnly, secure, sameSite. */
    public JsonNode cookie(String name) throws Exception {
        return get("/cookie/" + name);
    }

    public void deleteCookies() throws Exception {
        call(http, "DELETE", URI.create(session + "/cookie"), null);
    }

    /** Waits (bounded) until the page's URL contains {@code fragment}: a form submission navigates. */
    public void awaitUrlContaining(String fragment) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!url().contains(fragment)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the browser never reached a URL with " + fragment + "; it is at " + url());
            }
            Thread.sleep(50);
        }
    }

    /** Sets the window's outer size (a layout check at a given width). */
    public void resize(int width, int height) throws Exception {
        post("/window/rect", JSON.createObjectNode().put("width", width).put("height", height));
    }

    /**
     * Evaluates a JavaScript expression through WebDriver (DevTools, not the page: the page's CSP
     * forbids scripts, which this does not change) — to measure layout, never to drive the page.
     */
    public JsonNode evaluate(String expression) throws Exception {
        ObjectNode script = JSON.createObjectNode().put("script", "return " + expression + ";");
        script.putArray("args");
        return post("/execute/sync", script);
    }

    /** The viewport, as a PNG (what a person sees without scrolling). */
    public void screenshot(Path png) throws Exception {
        Files.write(png, Base64.getDecoder().decode(get("/screenshot").asText()));
    }

    private String element(String css) throws Exception {
        return post("/element", locator(css)).path(ELEMENT).asText();
    }

    private static ObjectNode locator(String css) {
        return JSON.createObjectNode().put("using", "css selector").put("value", css);
    }

    private JsonNode get(String path) throws Exception {
        return call(http, "GET", URI.create(session + path), null);
    }

    private JsonNode post(String path, JsonNode body) throws Exception {
        return call(http, "POST", URI.create(session + path), body);
    }

    private static JsonNode call(HttpClient http, String method, URI uri, JsonNode body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode value = JSON.readTree(response.body()).path("value");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("WebDriver " + method + " " + uri.getPath() + ": " + value.path("error").asText()
                    + " — " + value.path("message").asText());
        }
        return value;
    }

    @Override
    public void close() {
        try {
            call(http, "DELETE", URI.create(session), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception browserAlreadyGone) {
            // chromedriver is stopped below either way
        } finally {
            stopDriver();
        }
    }

    private void stopDriver() {
        driver.destroy();
        try {
            if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                driver.destroyForcibly();
            }
        } catch (InterruptedException e) {
            driver.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
