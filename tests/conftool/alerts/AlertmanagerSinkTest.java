package conftool.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import conftool.model.Alert;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code --alertmanager} makes of an alert: labels Alertmanager accepts, conf's own winning over a hook's. */
class AlertmanagerSinkTest {

    private static final Instant AT = Instant.parse("2026-01-05T10:00:00Z");

    @Test
    void hookLabelsBecomePrometheusLabelsAndCannotReplaceConfsOwn() throws Exception {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("team", "voice-ops");
        labels.put("severity", "low");                  // conf's: the level wins
        labels.put("conference-name", "forged");        // made conference_name: conf's wins
        labels.put("on-call.rota", 3);
        labels.put("9lives", true);
        labels.put("empty", null);
        Alert a = new Alert("critical", "c-1 held", "held:c-1", "c-1", labels, "held-for-ops", "conf-1", AT, null,
                Alert.FIRING);
        JsonNode j = sent(a).get(0);
        JsonNode l = j.path("labels");
        assertEquals("held-for-ops", l.path("alertname").asText());
        assertEquals("critical", l.path("severity").asText());
        assertEquals("conf-1", l.path("conference_id").asText());
        assertEquals("bridge", l.path("conference_name").asText());
        assertEquals("c-1", l.path("call_id").asText());
        assertEquals("voice-ops", l.path("team").asText());
        assertEquals("3", l.path("on_call_rota").asText());
        assertEquals("true", l.path("_9lives").asText());
        assertFalse(l.has("empty"), "a null label is left out");
        assertEquals(8, l.size(), l.toString());
        assertEquals("c-1 held", j.path("annotations").path("summary").asText());
        assertEquals(AT.toString(), j.path("startsAt").asText());
        assertFalse(j.has("endsAt"), "firing: no end");
        assertEquals("https://api.example/conferences/conf-1", j.path("generatorURL").asText());
    }

    @Test
    void aResolvedAlertEndsWhenItResolvedWithTheSameLabels() throws Exception {
        Alert a = new Alert("warning", "m", "k", null, Map.of(), "h", "conf-1", AT, null, Alert.FIRING);
        JsonNode firing = sent(a).get(0);
        JsonNode resolved = sent(a.resolved(AT.plusSeconds(90))).get(0);
        assertEquals(AT.plusSeconds(90).toString(), resolved.path("endsAt").asText());
        assertEquals(firing.path("labels"), resolved.path("labels"), "the same alert to Alertmanager");
        assertTrue(!resolved.path("labels").has("call_id"), "no call, no call_id");
    }

    /** The body the sink would POST for {@code a}, after it was accepted on the raising thread. */
    private static JsonNode sent(Alert a) throws Exception {
        AlertmanagerSink sink = new AlertmanagerSink(URI.create("http://127.0.0.1:9/"), id -> "bridge",
                id -> "https://api.example/conferences/" + id, 1, Duration.ofMillis(1), 10,
                new PrintWriter(new StringWriter()));
        try {
            return new ObjectMapper().readTree(sink.json(sink.accepting(a)));
        } finally {
            sink.close();
        }
    }
}
