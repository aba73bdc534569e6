package hiy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real browser for tests: Debian's headless Chromium, driven over its DevTools protocol with the JDK's own
 * WebSocket client (no driver to download). One tab; navigate, evaluate JavaScript in the page, close. Chromium
 * resolves *.localhost to loopback by itself, so pages come through HIY's Caddy on 127.0.0.1.
 */
final class Browser implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://127\\.0\\.0\\.1:(\\d+)/\\S+)");
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private Browser(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    static Browser start() throws Exception {
        Path profile = Files.createTempDirectory("hiy-e2e-chromium-");
        Process process = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-proxy-server",
                "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "about:blank").redirectErrorStream(true).start();
        try {
            int port = devtoolsPort(process);
            HttpClient http = HttpClient.newHttpClient();
            String pageSocket = Await.until("a page target of Chromium", Duration.ofSeconds(30), () -> {
                JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode t : targets) {
                    if (t.path("type").asText().equals("page")) return t.path("webSocketDebuggerUrl").asText();
                }
                return "";
            }, url -> !url.isEmpty());
            Browser[] self = new Browser[1];
            Listener listener = new Listener(self);
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), listener)
                    .get(30, TimeUnit.SECONDS);
            self[0] = new Browser(process, profile, socket);
            return self[0];
        } catch (Exception | AssertionError e) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            TestBox.run(Path.of("/"), List.of("rm", "-rf", profile.toString()), Map.of());
            throw e;
        }
    }

    /** Reads Chromium's output until it says where DevTools listens; the rest of its output is drained. */
    private static int devtoolsPort(Process process) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        StringBuilder said = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) port.complete(Integer.parseInt(m.group(2)));
                    else if (!port.isDone()) said.append(line).append('\n');
                }
                port.completeExceptionally(new AssertionError("Chromium exited: " + said));
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        return port.get(60, TimeUnit.SECONDS);
    }

    /** Opens the URL in the tab and waits until its document has loaded. */
    void navigate(String url) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("url", url);
        call("Page.navigate", params);
        Await.until("the page " + url + " loaded", Duration.ofSeconds(60), () -> evaluate("document.readyState"),
                "complete"::equals);
    }

    /** The value of a JavaScript expression in the page (DevTools runs it whatever the page's CSP says). */
    String evaluate(String expression) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("expression", expression).put("returnByValue", true);
        JsonNode result = call("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) throw new AssertionError("in the page: " + result.get("exceptionDetails"));
        JsonNode value = result.path("result").path("value");
        return value.isMissingNode() || value.isNull() ? null : value.isTextual() ? value.asText() : value.toString();
    }

    /**
     * Submits the first form the selector finds once this call has returned: a form that navigates the tab would
     * otherwise race the answer to the call (Chromium drops it: "Inspected target navigated or closed").
     */
    void submitSoon(String selector) throws Exception {
        evaluate("setTimeout(() => document.querySelector('" + selector + "').requestSubmit(), 0); 'sent'");
    }

    /** Saves what the tab shows now as a PNG, at a phone's width when asked (to look at after the test). */
    void screenshot(Path file, int width) throws Exception {
        call("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", width).put("height", 900)
                .put("deviceScaleFactor", 1).put("mobile", width < 600));
        JsonNode shot = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png")
                .put("captureBeyondViewport", true));
        Files.createDirectories(file.getParent());
        Files.write(file, java.util.Base64.getDecoder().decode(shot.path("data").asText()));
    }

    /** Waits until the expression's value satisfies the check; returns it. */
    String awaitValue(String what, String expression, java.util.function.Predicate<String> done) throws Exception {
        return Await.until(what, Duration.ofSeconds(60), () -> evaluate(expression), v -> v != null && done.test(v));
    }

    private JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(JSON.writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
        JsonNode reply = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (reply.has("error")) throw new AssertionError(method + " failed in Chromium: " + reply.get("error"));
        return reply.path("result");
    }

    @Override
    public void close() throws Exception {
        // Chromium's helpers (renderer, zygote) are its children: found by its pid before it goes, stopped after.
        List<ProcessHandle> helpers = process.descendants().toList();
        try {
            socket.abort();
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            helpers.forEach(ProcessHandle::destroyForcibly);
            TestBox.run(Path.of("/"), List.of("rm", "-rf", profile.toString()), Map.of());
        }
    }

    /** Joins a message's fragments and hands each answer to the call waiting for its id. */
    private static final class Listener implements WebSocket.Listener {
        private final Browser[] browser;
        private final StringBuilder text = new StringBuilder();

        Listener(Browser[] browser) {
            this.browser = browser;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(text.toString());
                    if (message.has("id") && browser[0] != null) {
                        CompletableFuture<JsonNode> waiting = browser[0].pending.remove(message.get("id").asInt());
                        if (waiting != null) waiting.complete(message);
                    }
                } catch (IOException e) {
                    // not an answer to a call of ours
                } finally {
                    text.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
