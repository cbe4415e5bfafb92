package conftool.listen;

import jakarta.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty gives on its own (a request line or headers it cannot parse, headers too large) as the listener's
 * refusals are: {@code {"error": "…"}}, never an HTML page, and a line in the log.
 */
final class JsonErrors extends ErrorHandler {

    private final Consumer<String> log;

    JsonErrors(Consumer<String> log) {
        this.log = log;
    }

    static byte[] body(int status, String message) {
        String why = message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
        return Json.createObjectBuilder().add("error", why).build().toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        log.accept(code + " to " + Request.getRemoteAddr(request) + ": " + (message == null ? HttpStatus.getMessage(code)
                : message));
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }
}
