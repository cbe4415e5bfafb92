package conftool.sim;

import java.time.Duration;

/**
 * A fault the simulator injects into the next matching requests, for tests of retries and error handling.
 *
 * @param kind       what goes wrong
 * @param status     the status answered by {@link Kind#STATUS}
 * @param retryAfter the {@code Retry-After} value sent with it (seconds or an HTTP date), or null
 * @param delay      how long {@link Kind#SLOW} waits before answering normally
 * @param method     the HTTP method it applies to, or null for any
 * @param pathPart   a part of the path it applies to, or null for any
 * @param times      how many matching requests it hits
 * @param body       the body {@link Kind#BODY} answers with
 */
public record Fault(Kind kind, int status, String retryAfter, Duration delay, String method, String pathPart,
        int times, String body) {

    public enum Kind {
        /** Answer with an error status and the API's error body. */
        STATUS,
        /** Wait, then answer normally. */
        SLOW,
        /** Send the headers and half of the body, then close the connection. */
        TRUNCATE,
        /** Close the connection without answering. */
        DROP,
        /** Answer 200 with this body instead of the real one (malformed JSON, wrong types). */
        BODY
    }

    public static Fault status(int status) {
        return new Fault(Kind.STATUS, status, null, null, null, null, 1, null);
    }

    public static Fault tooManyRequests(String retryAfter) {
        return new Fault(Kind.STATUS, 429, retryAfter, null, null, null, 1, null);
    }

    public static Fault slow(Duration delay) {
        return new Fault(Kind.SLOW, 0, null, delay, null, null, 1, null);
    }

    public static Fault truncate() {
        return new Fault(Kind.TRUNCATE, 0, null, null, null, null, 1, null);
    }

    public static Fault body(String body) {
        return new Fault(Kind.BODY, 200, null, null, null, null, 1, body);
    }

    public static Fault drop() {
        return new Fault(Kind.DROP, 0, null, null, null, null, 1, null);
    }

    public Fault times(int n) {
        return new Fault(kind, status, retryAfter, delay, method, pathPart, n, body);
    }

    public Fault on(String method, String pathPart) {
        return new Fault(kind, status, retryAfter, delay, method, pathPart, times, body);
    }

    boolean matches(String requestMethod, String path) {
        return (method == null || method.equalsIgnoreCase(requestMethod))
                && (pathPart == null || path.contains(pathPart));
    }
}
