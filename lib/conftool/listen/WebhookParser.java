package conftool.listen;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a webhook from a POST body or a GET query, refusing what is not a conference webhook. */
final class WebhookParser {

    private static final JsonProvider JSON = JsonProvider.provider();

    /** Why a request was refused: its status and a message for the sender and the log. */
    static final class Refused extends Exception {
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private WebhookParser() {
    }

    static Webhook fromJson(String body) throws Refused {
        JsonValue v;
        try (var r = JSON.createReader(new StringReader(body))) {
            v = r.readValue();
        } catch (JsonParsingException e) {
            throw new Refused(400, "the body is not valid JSON: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new Refused(400, "the body is not valid JSON");
        }
        if (!(v instanceof JsonObject o)) {
            throw new Refused(400, "the body must be a JSON object");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        o.forEach((k, x) -> fields.put(k, x instanceof JsonString s ? s.getString()
                : x.getValueType() == JsonValue.ValueType.NULL ? null : x.toString()));
        return from(fields);
    }

    static Webhook fromQuery(String rawQuery) throws Refused {
        Map<String, String> fields = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                try {
                    fields.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new Refused(400, "the query is not valid URL encoding");
                }
            }
        }
        return from(fields);
    }

    private static Webhook from(Map<String, String> f) throws Refused {
        String type = f.get("eventType");
        if (type == null || type.isBlank()) {
            throw new Refused(400, "no eventType: not a Bandwidth conference webhook");
        }
        if (!Webhook.EVENTS.containsKey(type)) {
            throw new Refused(400, "unknown eventType " + type + "; conference webhooks are "
                    + String.join(", ", Webhook.EVENTS.keySet()));
        }
        String conference = f.get("conferenceId");
        if (conference == null || conference.isBlank()) {
            throw new Refused(400, type + " without conferenceId");
        }
        Map<String, String> other = new LinkedHashMap<>(f);
        other.keySet().removeAll(Webhook.KNOWN_FIELDS);
        return new Webhook(type, f.get("eventTime"), conference, f.get("name"), f.get("from"), f.get("to"),
                f.get("callId"), f.get("tag"), other);
    }
}
