package conftool.listen;

import jakarta.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;

/**
 * One HTTP request to one webhook, or a refusal: path, method and credentials are checked as soon as the headers are
 * in, before a byte of the body is read; the body is read without holding a thread, up to {@code maxBody} bytes and
 * within {@code bodyDeadline}; the webhook is then handed to {@code intake} (which journals it) and answered 204.
 */
final class Receiver extends Handler.Abstract {

    /** Takes a parsed webhook; returns only once it is durable, and throws when it cannot be made so. */
    interface Intake {
        void accept(Webhook w) throws IOException;
    }

    private final conftool.listen.Listener.Settings settings;
    private final Intake intake;
    private final ConnectionGuard guard;
    private final Executor executor;
    private final Consumer<String> log;

    Receiver(conftool.listen.Listener.Settings settings, Intake intake, ConnectionGuard guard, Executor executor,
            Consumer<String> log) {
        this.settings = settings;
        this.intake = intake;
        this.guard = guard;
        this.executor = executor;
        this.log = log;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Connection connection = request.getConnectionMetaData().getConnection();
        guard.requestStarted(connection);
        Exchange ex = new Exchange(request, response, Callback.from(callback, () -> guard.requestEnded(connection)));
        String method = request.getMethod();
        String path = request.getHttpURI().getDecodedPath();
        if (!settings.path().equals(path)) {
            ex.refuse(404, "no webhooks at " + path + "; they go to " + settings.path());
            return true;
        }
        if (!method.equals("POST") && !method.equals("GET")) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST, GET");
            ex.refuse(405, method + " is not a webhook method");
            return true;
        }
        if (settings.username() != null) {
            String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
            if (auth == null || !authorized(auth)) {
                // without credentials, the first half of Bandwidth's handshake: ask for them
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"conf\", charset=\"UTF-8\"");
                // the body is not read: say the connection ends here, so the retry with credentials opens a new one
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                if (auth == null) {
                    ex.answer(401);
                } else {
                    ex.refuse(401, "wrong webhook credentials");
                }
                return true;
            }
        }
        if (method.equals("GET")) {
            ex.parsed(() -> WebhookParser.fromQuery(request.getHttpURI().getQuery()));
            return true;
        }
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            ex.refuse(415, "a POST webhook must be application/json, not " + type);
            return true;
        }
        if (request.getLength() > settings.maxBody()) {
            ex.refuse(413, "body larger than " + settings.maxBody() + " bytes");
            return true;
        }
        CompletableFuture<byte[]> body = new CompletableFuture<>();
        Content.Source.asByteArrayAsync(request, settings.maxBody() + 1, Promise.Invocable.toPromise(body));
        Duration deadline = settings.limits().body();
        body.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS).whenCompleteAsync((bytes, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause()
                        != null ? failure.getCause() : failure;
                if (cause instanceof TimeoutException) {
                    ex.refuse(408, "the body did not arrive within " + conftool.model.Durations.format(deadline));
                } else if (Request.getContentBytesRead(request) > settings.maxBody()) {
                    // a chunked body has no length to refuse it by beforehand: the read stops past the limit
                    ex.refuse(413, "body larger than " + settings.maxBody() + " bytes");
                } else {
                    ex.refuse(400, "the body could not be read: " + cause.getMessage());
                }
            } else if (bytes.length > settings.maxBody()) {
                ex.refuse(413, "body larger than " + settings.maxBody() + " bytes");
            } else {
                ex.parsed(() -> WebhookParser.fromJson(new String(bytes, StandardCharsets.UTF_8)));
            }
        }, executor);
        return true;
    }

    private interface Parse {
        Webhook parse() throws WebhookParser.Refused;
    }

    /** The answer to one request, written once. */
    private final class Exchange {
        private final Request request;
        private final Response response;
        private final Callback callback;

        Exchange(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        void parsed(Parse parse) {
            Webhook w;
            try {
                w = parse.parse();
            } catch (WebhookParser.Refused r) {
                refuse(r.status, r.getMessage());
                return;
            }
            try {
                intake.accept(w);
            } catch (IOException e) {
                // not durable (or not now), so not accepted: Bandwidth will retry
                refuse(503, "cannot take the webhook: " + e.getMessage());
                return;
            }
            answer(204);
        }

        void answer(int status) {
            response.setStatus(status);
            callback.succeeded();
        }

        /** A status with a JSON reason for the sender, and a line in the log. */
        void refuse(int status, String why) {
            byte[] body = Json.createObjectBuilder().add("error", why).build().toString()
                    .getBytes(StandardCharsets.UTF_8);
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            if (status == 408 || status == 413) {
                // the rest of the body is not wanted: do not wait for it on this connection
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
            }
            response.write(true, ByteBuffer.wrap(body), callback);
            log.accept(status + " to " + Request.getRemoteAddr(request) + " " + request.getMethod() + " "
                    + request.getHttpURI().getDecodedPath() + ": " + why);
        }
    }

    private boolean authorized(String header) {
        return conftool.client.BasicAuth.matches(header, settings.username(), settings.password());
    }
}
