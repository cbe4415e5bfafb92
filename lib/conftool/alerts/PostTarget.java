package conftool.alerts;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Where a sink POSTs alerts ({@code --alert-webhook}, {@code --alertmanager}): credentials in the URL
 * ({@code https://user:password@host/…}) become Basic authentication, since the JDK's HTTP client sends none of
 * its own, and messages show the URL only without its password ({@link WebhookSink#redact}).
 *
 * @param uri           the URL without its credentials
 * @param authorization the Authorization header they make, or null
 * @param shown         the URL as messages show it
 */
record PostTarget(URI uri, String authorization, String shown) {

    static PostTarget of(URI url) {
        String userInfo = url.getRawUserInfo();
        if (userInfo == null) {
            return new PostTarget(url, null, url.toString());
        }
        URI bare = URI.create(url.getScheme() + "://" + url.getRawAuthority().substring(userInfo.length() + 1)
                + (url.getRawPath() == null ? "" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
        String credentials = URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
        return new PostTarget(bare, "Basic " + Base64.getEncoder().encodeToString(
                credentials.getBytes(StandardCharsets.UTF_8)), WebhookSink.redact(url.toString()));
    }

    /** A JSON POST of {@code body} to the target, with its credentials. */
    HttpRequest post(String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("User-Agent", "conf")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.build();
    }
}
