package conftool.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import conftool.model.Alert;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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

    @Test
    void aPasswordInTheAlertmanagerUrlIsSentAsBasicAuthAndNeverShown() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            seen.add(ex.getRequestURI().getPath() + " " + ex.getRequestHeaders().getFirst("Authorization"));
            ex.sendResponseHeaders(400, -1);       // refused: the message names the URL
            ex.close();
        });
        server.start();
        StringWriter err = new StringWriter();
        try {
            AlertmanagerSink sink = new AlertmanagerSink(URI.create("http://ops:S3CRET-am@127.0.0.1:"
                    + server.getAddress().getPort() + "/"), id -> "bridge", null, 1, Duration.ofMillis(1), 10,
                    new PrintWriter(err, true));
            sink.send(new Alert("warning", "m", "k", null, Map.of(), "h", "conf-1", AT, null, Alert.FIRING));
            sink.drain(Duration.ofSeconds(10));
            sink.close();
        } finally {
            server.stop(0);
        }
        assertEquals(List.of("/api/v2/alerts Basic " + Base64.getEncoder().encodeToString(
                "ops:S3CRET-am".getBytes(StandardCharsets.UTF_8))), seen);
        assertTrue(err.toString().contains("ops:***@127.0.0.1"), err.toString());
        assertFalse(err.toString().contains("S3CRET"), err.toString());
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
