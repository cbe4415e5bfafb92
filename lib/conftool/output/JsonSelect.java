package conftool.output;

import conftool.client.ConfException;
import jakarta.json.JsonException;
import jakarta.json.JsonPointer;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;

/**
 * {@code --select}: an RFC 6901 JSON Pointer (e.g. {@code /activeMembers/0/callId}) into each result's JSON, by
 * Jakarta JSON Processing. A path that leads nowhere selects null, as {@code jq} does.
 */
public final class JsonSelect {

    private final JsonProvider json = JsonProvider.provider();
    private final JsonPointer pointer;
    private final String expression;

    public JsonSelect(String expression) {
        this.expression = expression;
        // Jakarta's pointer leaves a bad escape in place and then selects nothing: refuse it, as RFC 6901 does
        if (expression.matches(".*~([^01].*|$)")) {
            throw new ConfException.InvalidInput("--select \"" + expression + "\" is not a JSON Pointer: '~' must be"
                    + " followed by 0 (for ~) or 1 (for /), e.g. /tags/a~1b for the key \"a/b\"");
        }
        try {
            this.pointer = json.createPointer(expression);
        } catch (JsonException e) {
            throw new ConfException.InvalidInput("--select \"" + expression + "\" is not a JSON Pointer: it must be"
                    + " empty or start with '/', e.g. /activeMembers/0/callId");
        }
    }

    /** The selected value of {@code document} (JSON text), or JSON null when the pointer leads nowhere. */
    public JsonValue apply(String document) {
        try (var reader = json.createReader(new StringReader(document))) {
            JsonValue root = reader.readValue();
            if (expression.isEmpty()) {
                return root;
            }
            if (!(root instanceof JsonStructure s)) {
                return JsonValue.NULL;
            }
            try {
                return pointer.getValue(s);
            } catch (JsonException notThere) {
                return JsonValue.NULL;
            }
        }
    }

    /** Parses one JSON value. */
    public static JsonValue parse(String json) {
        try (var reader = JsonProvider.provider().createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    /** Strings bare (like {@code jq -r}), everything else as JSON text. */
    public static String raw(JsonValue v) {
        return v instanceof JsonString s ? s.getString() : v.toString();
    }
}
