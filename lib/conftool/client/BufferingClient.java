package conftool.client;

import feign.Client;
import feign.Request;
import feign.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Map;

/**
 * Reads each JSON or error answer whole inside {@link #execute}, so that a connection that breaks mid-body is an
 * I/O failure of the request, which the {@link BandwidthRetryer} may retry for GETs, and not a decoding error.
 * Audio answers are passed through unread, to be streamed to a file.
 *
 * <p>Its delegate is Feign's {@code Client.Default}, which sends every request body in streaming mode
 * ({@code setFixedLengthStreamingMode}, or chunked without a length). That is what keeps an update from being sent
 * twice, whoever embeds the client: {@code HttpURLConnection} silently re-sends a request once when a kept-alive
 * connection turns out dead after the request was written, but never a streaming one (it no longer holds the body;
 * {@code sun.net.www.http.HttpClient.parseHTTP}). The system property {@code sun.net.http.retryPost} only covers
 * POST, not PUT, and is read once per JVM, so it could not be relied on. {@code ConferenceClientTest} holds this.
 */
public final class BufferingClient implements Client {

    private final Client delegate;

    public BufferingClient(Client delegate) {
        this.delegate = delegate;
    }

    @Override
    public Response execute(Request request, Request.Options options) throws IOException {
        Response response = delegate.execute(request, options);
        if (response.body() == null || (isAudio(response.headers()) && response.status() < 300)) {
            return response;
        }
        byte[] body;
        long expected = contentLength(response.headers());
        try (InputStream in = response.body().asInputStream()) {
            if (expected >= 0 && expected <= EXACT_READ) {
                // into an array of the announced size: readAllBytes would fill 8 KB buffers and copy them, garbage
                // a watch of thousands of conferences makes on every poll
                byte[] exact = new byte[(int) expected];
                int n = in.readNBytes(exact, 0, exact.length);
                body = n == exact.length ? exact : java.util.Arrays.copyOf(exact, n);
            } else {
                body = in.readAllBytes();
            }
        }
        checkLength(response.headers(), body.length);
        return response.toBuilder().body(new Bytes(body)).build();
    }

    /**
     * An answer's body as read, which the decoder takes as it is: Feign's own byte-array body hands out a stream
     * only, and copying out of it doubled the bytes every poll allocates.
     */
    record Bytes(byte[] bytes) implements Response.Body {
        @Override
        public Integer length() {
            return bytes.length;
        }

        @Override
        public boolean isRepeatable() {
            return true;
        }

        @Override
        public InputStream asInputStream() {
            return new java.io.ByteArrayInputStream(bytes);
        }

        @Override
        public java.io.Reader asReader(java.nio.charset.Charset charset) {
            return new java.io.InputStreamReader(asInputStream(), charset);
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Answers up to this size are read into an array of their Content-Length. */
    private static final long EXACT_READ = 1 << 20;

    /** The Content-Length (the largest, should there be several), or -1 when there is none that is a number. */
    private static long contentLength(Map<String, Collection<String>> headers) {
        long length = -1;
        for (var entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase("Content-Length")) {
                for (String v : entry.getValue()) {
                    try {
                        length = Math.max(length, Long.parseLong(v.trim()));
                    } catch (NumberFormatException e) {
                        // not a length: as if absent
                    }
                }
            }
        }
        return length;
    }

    /**
     * HttpURLConnection ends a fixed-length body early without complaint when the connection closes; conf must
     * notice, or a cut-off answer would be read as a (broken or, worse, shorter but valid) whole.
     */
    static void checkLength(Map<String, Collection<String>> headers, long received) throws IOException {
        long expected = contentLength(headers);
        if (received < expected) {
            throw new IOException("the answer was cut short: " + received + " of " + expected + " bytes");
        }
    }

    private static boolean isAudio(Map<String, Collection<String>> headers) {
        for (var entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase("Content-Type")) {
                return entry.getValue().stream().anyMatch(v -> v.toLowerCase().startsWith("audio/")
                        || v.toLowerCase().startsWith("application/octet-stream"));
            }
        }
        return false;
    }
}
