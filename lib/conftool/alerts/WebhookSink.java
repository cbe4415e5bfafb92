package conftool.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import conftool.client.ApiJson;
import conftool.model.Alert;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code --alert-webhook URL}: POSTs each alert as JSON. Failed deliveries (connection errors, 429, 5xx) are retried
 * with exponential backoff, up to {@code attempts}; a 4xx other than 429 is final. Runs on its own thread.
 */
public final class WebhookSink extends AsyncSink {

    private final URI url;
    private final int attempts;
    private final Duration firstBackoff;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public WebhookSink(URI url, int attempts, Duration firstBackoff, int capacity, PrintWriter err) {
        super("conf-alert-webhook", capacity, err);
        this.url = url;
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
    }

    @Override
    protected boolean deliver(Alert alert) {
        String body;
        try {
            body = ApiJson.mapper().writeValueAsString(alert);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("User-Agent", "conf")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        String last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status < 300) {
                    return true;
                }
                last = "HTTP " + status;
                if (status < 500 && status != 429 && status != 408) {
                    break;
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (attempt < attempts) {
                try {
                    Thread.sleep(firstBackoff.toMillis() << Math.min(attempt - 1, 10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        warn("alert webhook " + url + " failed for " + alert.key() + ": " + last);
        return false;
    }
}
