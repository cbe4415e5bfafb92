package conftool.sim;

import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends the simulator's conference webhooks to each conference's {@code conferenceEventUrl}, one at a time in the
 * order they happened, the way Bandwidth does: POST JSON (or GET with query parameters), first without
 * credentials, and again with Basic auth when answered 401 with {@code WWW-Authenticate}. Retried once on a
 * connection error. Only loopback http URLs are contacted; others are skipped.
 */
final class WebhookSender implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService queue = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "simulator-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final PrintWriter log;

    WebhookSender(PrintWriter log) {
        this.log = log;
    }

    void send(String url, String method, String username, String password, Map<String, String> fields) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null
                || !conftool.client.BaseUrl.isLoopback(uri.getHost())) {
            return;
        }
        queue.execute(() -> deliver(uri, method, username, password, fields));
    }

    private void deliver(URI uri, String method, String username, String password, Map<String, String> fields) {
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                HttpResponse<Void> r = http.send(request(uri, method, null, null, fields), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 401 && username != null && r.headers().firstValue("WWW-Authenticate").isPresent()) {
                    r = http.send(request(uri, method, username, password, fields), HttpResponse.BodyHandlers.discarding());
                }
                if (r.statusCode() < 300) {
                    sent.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    log("webhook " + fields.get("eventType") + " to " + uri + " answered " + r.statusCode());
                }
                return;
            } catch (IOException e) {
                if (attempt == 2) {
                    failed.incrementAndGet();
                    log("webhook " + fields.get("eventType") + " to " + uri + " failed: " + e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static HttpRequest request(URI uri, String method, String username, String password,
            Map<String, String> fields) {
        HttpRequest.Builder b;
        if ("GET".equals(method)) {
            StringBuilder q = new StringBuilder();
            fields.forEach((k, v) -> q.append(q.length() == 0 ? "" : "&").append(k).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            b = HttpRequest.newBuilder(URI.create(uri + (uri.getRawQuery() == null ? "?" : "&") + q)).GET();
        } else {
            JsonObjectBuilder body = SimJson.JSON.createObjectBuilder();
            fields.forEach(body::add);
            b = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(SimJson.write(body.build())));
        }
        if (username != null && password != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return b.timeout(Duration.ofSeconds(15)).build();
    }

    long sent() {
        return sent.get();
    }

    /** Waits until every webhook queued so far has been delivered (or failed). */
    void drain() {
        try {
            queue.submit(() -> { }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // best effort
        }
    }

    private void log(String line) {
        if (log != null) {
            synchronized (log) {
                log.println("simulator: " + line);
                log.flush();
            }
        }
    }

    @Override
    public void close() {
        queue.shutdownNow();
    }
}
