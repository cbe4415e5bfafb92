package conftool.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import conftool.client.ApiJson;
import conftool.model.Alert;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * {@code --alert-webhook URL}: POSTs each alert as JSON. Failed deliveries (connection errors, 429, 5xx) are retried
 * with exponential backoff, up to {@code attempts}; a 4xx other than 429 is final. Runs on its own thread.
 * Credentials in the URL ({@code https://user:password@host/…}) are sent as Basic authentication, and the URL is
 * shown only without its password ({@link #redact}).
 */
public final class WebhookSink extends AsyncSink {

    private final PostTarget target;
    private final int attempts;
    private final Duration firstBackoff;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public WebhookSink(URI url, int attempts, Duration firstBackoff, int capacity, PrintWriter err) {
        super("conf-alert-webhook", capacity, err);
        this.target = PostTarget.of(url);
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
        return post(http, target.post(body), attempts, firstBackoff, "alert webhook " + target.shown() + " for "
                + alert.key());
    }

    /** A URL, or text that may quote one, with the password of any {@code user:password@} shown as {@code ***}. */
    public static String redact(String text) {
        return text.replaceAll("([a-zA-Z][a-zA-Z0-9+.-]*:(?://)?[^/?#@\\s:]*:)[^/?#\\s]*@", "$1***@");
    }
}
