package conftool.client;

import feign.Logger;
import feign.Request;
import feign.Response;
import feign.Util;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code --verbose} log: each request and response line, headers and JSON bodies, on stderr. The
 * {@code Authorization} header (so {@code Bearer ***}), password fields of request bodies and the secrets of OAuth
 * bodies ({@code access_token}, {@code client_secret}, …, in JSON or a form) are replaced by {@code ***}; audio bodies
 * are not read, so a download still streams.
 */
public final class RedactingLogger extends Logger {

    private static final Pattern PASSWORD_FIELD = Pattern.compile("(\"(?:password|fallbackPassword|access_token"
            + "|refresh_token|id_token|client_secret)\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern FORM_SECRET =
            Pattern.compile("((?:^|&)(?:client_secret|password|access_token|refresh_token)=)[^&]*");
    private static final int MAX_BODY = 8 * 1024;

    private final PrintWriter out;

    public RedactingLogger(PrintWriter out) {
        this.out = out;
    }

    @Override
    protected void log(String configKey, String format, Object... args) {
        out.println("[http] " + String.format(format, args));
        out.flush();
    }

    @Override
    protected void logRequest(String configKey, Level logLevel, Request request) {
        log(configKey, "---> %s %s", request.httpMethod(), request.url());
        logHeaders(configKey, request.headers());
        if (request.body() != null && request.length() > 0) {
            String body = new String(request.body(), request.charset() == null ? StandardCharsets.UTF_8 : request.charset());
            log(configKey, "%s", redactBody(body));
        }
        log(configKey, "---> END %s", request.httpMethod());
    }

    @Override
    protected Response logAndRebufferResponse(String configKey, Level logLevel, Response response, long elapsedTime)
            throws IOException {
        log(configKey, "<--- %s %s (%sms)", response.status(), response.reason() == null ? "" : response.reason(),
                elapsedTime);
        logHeaders(configKey, response.headers());
        if (response.body() == null || response.status() == 204 || isBinary(response.headers())) {
            log(configKey, "<--- END");
            return response;
        }
        byte[] body = Util.toByteArray(response.body().asInputStream());
        // redacted whole, then cut: a cut could leave half a secret that no pattern would match
        String whole = redactBody(new String(body, StandardCharsets.UTF_8));
        String text = whole.length() > MAX_BODY ? whole.substring(0, MAX_BODY) : whole;
        if (!text.isEmpty()) {
            log(configKey, "%s%s", text, body.length > MAX_BODY ? " …(" + body.length + " bytes)" : "");
        }
        log(configKey, "<--- END (%s-byte body)", body.length);
        return response.toBuilder().body(body).build();
    }

    @Override
    protected void logRetry(String configKey, Level logLevel) {
        log(configKey, "---> RETRYING");
    }

    @Override
    protected IOException logIOException(String configKey, Level logLevel, IOException ioe, long elapsedTime) {
        log(configKey, "<--- ERROR %s (%sms)", BandwidthRetryer.describe(ioe), elapsedTime);
        return ioe;
    }

    private void logHeaders(String configKey, Map<String, Collection<String>> headers) {
        headers.forEach((name, values) -> {
            for (String value : values) {
                log(configKey, "%s: %s", name, redactHeader(name, value));
            }
        });
    }

    static String redactHeader(String name, String value) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (n.equals("authorization") || n.equals("proxy-authorization") || n.equals("cookie")
                || n.equals("set-cookie")) {
            int space = value.indexOf(' ');
            return (space > 0 ? value.substring(0, space + 1) : "") + "***";
        }
        return value;
    }

    static String redactBody(String body) {
        return FORM_SECRET.matcher(PASSWORD_FIELD.matcher(body).replaceAll("$1\"***\"")).replaceAll("$1***");
    }

    private static boolean isBinary(Map<String, Collection<String>> headers) {
        for (var e : headers.entrySet()) {
            if ("content-type".equalsIgnoreCase(e.getKey())) {
                return e.getValue().stream().noneMatch(v -> v.contains("json") || v.startsWith("text/")
                        || v.contains("xml"));
            }
        }
        return false;
    }
}
