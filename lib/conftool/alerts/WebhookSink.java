package conftool.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import conftool.client.ApiJson;
import conftool.model.Alert;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * {@code --alert-webhook URL}: POSTs each alert as JSON. Failed deliveries (connection errors, 429, 5xx) are retried
 * with exponential backoff, up to {@code attempts}; a 4xx other than 429 is final. Runs on its own thread.
 * Credentials in the URL ({@code https://user:password@host/…}) are sent as Basic authentication, and the URL is
 * shown only without its password ({@link #redact}).
 */
public final class WebhookSink extends AsyncSink {

    private final URI url;
    /** The URL as messages show it: without its password. */
    private final String shown;
    /** The Authorization header for credentials in the URL, or null. */
    private final String authorization;
    private final int attempts;
    private final Duration firstBackoff;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public WebhookSink(URI url, int attempts, Duration firstBackoff, int capacity, PrintWriter err) {
        super("conf-alert-webhook", capacity, err);
        String userInfo = url.getRawUserInfo();
        this.url = userInfo == null ? url : URI.create(url.getScheme() + "://" + url.getRawAuthority()
                .substring(userInfo.length() + 1) + (url.getRawPath() == null ? "" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
        this.authorization = userInfo == null ? null : "Basic " + java.util.Base64.getEncoder().encodeToString(
                java.net.URLDecoder.decode(userInfo.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        this.shown = redact(url.toString());
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
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("User-Agent", "conf")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return post(http, builder.build(), attempts, firstBackoff, "alert webhook " + shown + " for " + alert.key());
    }

    /** A URL, or text that may quote one, with the password of any {@code user:password@} shown as {@code ***}. */
    public static String redact(String text) {
        return text.replaceAll("([a-zA-Z][a-zA-Z0-9+.-]*:(?://)?[^/?#@\\s:]*:)[^/?#\\s]*@", "$1***@");
    }
}
