package conftool.metrics;

import conftool.alerts.AlertEngine;
import conftool.model.Alert;
import conftool.model.Conference;
import conftool.model.ConferenceMember;
import conftool.model.Event;
import conftool.watch.Watcher;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * What {@code --metrics-port} serves: conf's view of the conferences as Prometheus series. Gauges per conference
 * (members, muted, held, coaching) are set from each poll or enriched webhook and removed once the conference has
 * completed or is gone, so no stale series lingers. There are no per-member series: call ids are unbounded label
 * values, and every one would be a new series in Prometheus.
 *
 * <p>Fed from the places events already pass: the watcher ({@link Watcher.Observer}), the printed events, the alert
 * engine after each cycle or webhook. Nothing here runs hooks or writes JSON; an update is a few map operations.
 */
public final class Metrics implements Watcher.Observer {

    private static final String[] CONFERENCE = {"conference_id", "conference_name"};
    private static final String[] LEVELS = {"info", "warning", "critical"};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Gauge members = gauge("conf_conference_members", "Active members of the conference.");
    private final Gauge muted = gauge("conf_conference_members_muted", "Active members who are muted.");
    private final Gauge held = gauge("conf_conference_members_held", "Active members on hold.");
    private final Gauge coaching = gauge("conf_conference_members_coaching",
            "Active members who coach others (callIdsToCoach not empty).");
    private final Gauge firing = Gauge.builder().name("conf_alerts_firing")
            .help("Alert conditions firing now, by level.").labelNames("level").withoutExemplars().register(registry);
    private final Counter events = Counter.builder().name("conf_events_total")
            .help("Events printed (kept by the filter), by type.").labelNames("type").withoutExemplars()
            .register(registry);
    private final Counter polls = Counter.builder().name("conf_polls_total")
            .help("Requests for a conference by watch, by outcome (ok, not_found, failed).").labelNames("outcome")
            .withoutExemplars().register(registry);
    private final Counter webhooks = Counter.builder().name("conf_webhooks_received_total")
            .help("Webhooks listen handled, by Bandwidth event type.").labelNames("event").withoutExemplars()
            .register(registry);
    private final Histogram pollDuration = Histogram.builder().name("conf_poll_duration_seconds")
            .help("Time of one request for a conference by watch, retries included.").classicOnly()
            .withoutExemplars().register(registry);
    private volatile LongSupplier hookFailures = () -> 0;
    /** Each conference's series, by conference id; only the updating thread uses it. */
    private final Map<String, Series> shown = new HashMap<>();

    /** A conference's four gauges under its labels: a poll sets them without looking the labels up again. */
    private record Series(String name, GaugeDataPoint members, GaugeDataPoint muted, GaugeDataPoint held,
            GaugeDataPoint coaching) {
    }
    private AlertEngine alerts;

    public Metrics() {
        CounterWithCallback.builder().name("conf_hook_failures_total")
                .help("Hook calls that failed and were skipped over (--on-hook-error skip).")
                .callback(c -> c.call(hookFailures.getAsLong())).register(registry);
        for (String level : LEVELS) {
            firing.labelValues(level).set(0);
        }
        for (String outcome : new String[] {"ok", "not_found", "failed"}) {
            polls.initLabelValues(outcome);
        }
    }

    private Gauge gauge(String name, String help) {
        return Gauge.builder().name(name).help(help).labelNames(CONFERENCE).withoutExemplars().register(registry);
    }

    PrometheusRegistry registry() {
        return registry;
    }

    /** Where {@code conf_hook_failures_total} is read at each scrape. */
    public void hookFailures(LongSupplier count) {
        this.hookFailures = count;
    }

    /** The engine whose firing conditions {@code conf_alerts_firing} counts, after each cycle or webhook. */
    public void alerts(AlertEngine engine) {
        this.alerts = engine;
    }

    /** An event as printed. */
    public void event(Event e) {
        events.labelValues(e.type()).inc();
    }

    /** A webhook listen handled. */
    public void webhook(String eventType) {
        webhooks.labelValues(eventType == null ? "" : eventType).inc();
    }

    @Override
    public void polled(String outcome, long nanos) {
        polls.labelValues(outcome).inc();
        pollDuration.observe(nanos / 1e9);
    }

    @Override
    public void seen(Conference c) {
        conference(c);
    }

    @Override
    public void cycled(Watcher w) {
        Set<String> live = new HashSet<>();
        w.forEachLive(c -> live.add(c.id()));
        Set<String> ended = new HashSet<>(shown.keySet());
        ended.removeAll(live);
        ended.forEach(this::remove);
        alertsChanged();
    }

    /** Sets a conference's gauges as polled or fetched; a completed one's series are removed. */
    public void conference(Conference c) {
        if (c.isCompleted()) {
            remove(c.id());
            return;
        }
        String name = c.name() == null ? "" : c.name();
        Series s = shown.get(c.id());
        if (s == null || !s.name().equals(name)) {
            if (s != null) {
                removeSeries(c.id(), s.name());
            }
            s = new Series(name, members.labelValues(c.id(), name), muted.labelValues(c.id(), name),
                    held.labelValues(c.id(), name), coaching.labelValues(c.id(), name));
            shown.put(c.id(), s);
        }
        int all = 0;
        int mutedCount = 0;
        int heldCount = 0;
        int coachingCount = 0;
        for (ConferenceMember m : c.members()) {
            all++;
            mutedCount += m.isMuted() ? 1 : 0;
            heldCount += m.isHeld() ? 1 : 0;
            coachingCount += m.coaching().isEmpty() ? 0 : 1;
        }
        s.members().set(all);
        s.muted().set(mutedCount);
        s.held().set(heldCount);
        s.coaching().set(coachingCount);
    }

    /** Removes the series of a conference that completed or is gone. */
    public void remove(String conferenceId) {
        Series s = shown.remove(conferenceId);
        if (s != null) {
            removeSeries(conferenceId, s.name());
        }
    }

    private void removeSeries(String id, String name) {
        members.remove(id, name);
        muted.remove(id, name);
        held.remove(id, name);
        coaching.remove(id, name);
    }

    /** Counts the engine's firing conditions by level. */
    public void alertsChanged() {
        if (alerts == null) {
            return;
        }
        int[] counts = new int[LEVELS.length];
        for (Alert a : alerts.firing()) {
            counts[a.severity().ordinal()]++;
        }
        for (int i = 0; i < LEVELS.length; i++) {
            firing.labelValues(LEVELS[i]).set(counts[i]);
        }
    }
}
