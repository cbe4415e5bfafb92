package conftool.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import conftool.client.ApiJson;
import conftool.model.Alert;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code --alertmanager URL}: sends each alert to Alertmanager's v2 API ({@code POST /api/v2/alerts}), with the
 * delivery of {@code --alert-webhook} (its own thread, bounded queue, retries with backoff, counted drops).
 *
 * <p>Alertmanager forgets a firing alert it is not told about again (after its {@code resolve_timeout}), so the
 * conditions still firing are sent again every {@code resend}; a resolved one is sent with {@code endsAt}, and
 * resolves at once. An alert from {@code onEvent} is about one event: it is sent once, and Alertmanager lets it
 * expire. Labels: {@code alertname} (the hook's name, or the alert's key), {@code severity}, {@code conference_id},
 * {@code conference_name}, {@code call_id}, and the hook's labels (names made Prometheus-safe; conf's own win).
 * The labels are the alert's identity there: a hook label whose value changes from poll to poll makes a new alert.
 */
public final class AlertmanagerSink extends AsyncSink {

    private static final String CONFERENCE_NAME = "conference_name";
    private static final Set<String> OWN = Set.of("alertname", "severity", "conference_id", "conference_name",
            "call_id");

    private final PostTarget endpoint;
    private final int attempts;
    private final Duration firstBackoff;
    private final Function<String, String> conferenceName;
    private final Function<String, String> generatorUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ScheduledExecutorService resender;

    /**
     * @param alertmanager   Alertmanager's base URL ({@code http://host:9093})
     * @param conferenceName a conference's name by id, asked on any thread
     * @param generatorUrl   the {@code generatorURL} of a conference's alerts, or null for none
     */
    public AlertmanagerSink(URI alertmanager, Function<String, String> conferenceName,
            Function<String, String> generatorUrl, int attempts, Duration firstBackoff, int capacity,
            PrintWriter err) {
        super("conf-alertmanager", capacity, err);
        String base = alertmanager.toString().replaceAll("/+$", "");
        this.endpoint = PostTarget.of(URI.create(base + "/api/v2/alerts"));
        this.conferenceName = conferenceName;
        this.generatorUrl = generatorUrl;
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
    }

    /**
     * Sends {@code firing}'s alerts again every {@code every}, from now until {@link #close}: Alertmanager's
     * {@code resolve_timeout} (5 minutes by default) must be longer.
     */
    public void resend(Supplier<List<Alert>> firing, Duration every) {
        resender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "conf-alertmanager-resend");
            t.setDaemon(true);
            return t;
        });
        resender.scheduleAtFixedRate(() -> firing.get().forEach(this::send), every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Adds the conference's name to the alert's labels as it is queued: a resolved notice, queued while its
     * conference is still known, then carries the labels its firing had.
     */
    @Override
    protected Alert accepting(Alert a) {
        if (a.conferenceId() == null) {
            return a;
        }
        String name = conferenceName.apply(a.conferenceId());
        Map<String, Object> labels = a.labels() == null ? new HashMap<>() : new HashMap<>(a.labels());
        labels.remove(CONFERENCE_NAME);
        if (name != null) {
            labels.put(CONFERENCE_NAME, name);
        }
        return new Alert(a.level(), a.message(), a.key(), a.callId(), labels, a.hook(), a.conferenceId(), a.time(),
                a.pendingFor(), a.status());
    }

    @Override
    protected boolean deliver(Alert alert) {
        return post(http, endpoint.post(json(alert)), attempts, firstBackoff, "Alertmanager " + endpoint.shown()
                + " for " + alert.key());
    }

    /** The alert as Alertmanager's v2 API takes it: an array of one. */
    String json(Alert a) {
        Map<String, String> labels = new HashMap<>();
        if (a.labels() != null) {
            a.labels().forEach((k, v) -> {
                String name = labelName(k);
                if (v != null && (!OWN.contains(name) || k.equals(CONFERENCE_NAME))) {
                    labels.put(name, String.valueOf(v));
                }
            });
        }
        labels.put("alertname", a.hook() == null || a.hook().isBlank() ? a.key() : a.hook());
        labels.put("severity", a.level());
        if (a.conferenceId() != null) {
            labels.put("conference_id", a.conferenceId());
        }
        if (a.callId() != null) {
            labels.put("call_id", a.callId());
        }
        labels.values().removeIf(String::isEmpty);   // Alertmanager drops empty labels: keep the identity stable
        ObjectNode alert = ApiJson.mapper().createObjectNode();
        ObjectNode l = alert.putObject("labels");
        labels.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> l.put(e.getKey(), e.getValue()));
        alert.putObject("annotations").put("summary", a.message());
        String at = a.time().toString();
        alert.put("startsAt", at);
        if (a.isResolved()) {
            alert.put("endsAt", at);
        }
        String generator = generatorUrl == null || a.conferenceId() == null ? null
                : generatorUrl.apply(a.conferenceId());
        if (generator != null) {
            alert.put("generatorURL", generator);
        }
        ArrayNode body = ApiJson.mapper().createArrayNode().add(alert);
        try {
            return ApiJson.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Prometheus label name: letters, digits and underscores, not starting with a digit. */
    static String labelName(String key) {
        String name = key.replaceAll("[^a-zA-Z0-9_]", "_");
        return name.isEmpty() || Character.isDigit(name.charAt(0)) ? "_" + name : name;
    }

    @Override
    public void close() {
        if (resender != null) {
            resender.shutdownNow();
        }
        super.close();
    }
}
