package conftool.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import conftool.alerts.AlertEngine;
import conftool.client.ApiException;
import conftool.client.ApiJson;
import conftool.client.ConfException;
import conftool.client.ConferenceClient;
import conftool.events.EventPath;
import conftool.hooks.HookSession;
import conftool.model.Conference;
import conftool.model.ConferenceFilter;
import conftool.model.Event;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Polls conferences and reports what changed as {@link Event}s, each through the {@link EventPath} (the hooks'
 * {@code filter}, printing, {@code onEvent}; {@code alert} once per poll of a conference; the alert sinks). One {@link #cycle()} polls every watched conference once, a few at a time.
 *
 * <p>A failed poll loses nothing: the last known state stays, and the next successful poll is compared with it, so
 * every difference still shows, preceded by a {@code gap} event saying how many polls were missed. A state that
 * flipped and flipped back between two polls cannot be seen by polling at all.
 *
 * <p>{@link #stop()} (from a signal handler or another thread) ends the cycle in progress at once: requests in flight
 * are cancelled and their polls count as missed, and the cycle saves the state as usual.
 */
public final class Watcher implements AutoCloseable {

    /**
     * @param ids         conferences to watch by id
     * @param all         also every conference the list endpoint shows (all pages, each cycle)
     * @param name        with {@code all}: only conferences of this name
     * @param concurrency polls in flight at once
     * @param stateFile   where to keep state between runs, or null
     */
    public record Settings(List<String> ids, boolean all, String name, int concurrency, Path stateFile) {
    }

    /**
     * Told how each poll went and what the watch knows after each cycle ({@code --metrics-port}). Called on the
     * poll threads ({@link #polled}) and on the thread running the cycle (the rest): it must be quick.
     */
    public interface Observer {
        /** One request for a conference ended: {@code ok}, {@code not_found} or {@code failed}, after so long. */
        default void polled(String outcome, long nanos) {
        }

        /** A conference as just polled, before its events and alerts go through the path. */
        default void seen(Conference c) {
        }

        /** The cycle is over; {@link #forEachLive} tells what is still watched. */
        default void cycled(Watcher w) {
        }
    }

    /** What the watch knows of one conference. */
    private static final class Known {
        Conference last;
        /** The answer {@code last} was read from (none when restored from a state file). */
        ConferenceClient.Answer answer;
        /** {@code last} as JSON, for hooks. */
        String lastJson;
        Instant lastPolled;
        int missedPolls;
        boolean gone;
        boolean warned;

        boolean finished() {
            return gone || (last != null && last.isCompleted());
        }
    }

    /**
     * The JVM options the installed launcher gives {@code conf watch} (and {@code bench/WatchBench} uses): a heap
     * sized for the work, not for the machine. A poll's garbage dies young, so a small young generation holds it;
     * a small start lets the old generation grow to what the conferences hold rather than fill a default quarter of
     * the machine's memory with garbage before its first full collection. See DEVELOPERS.md for the measurements.
     */
    public static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms24m", "-XX:MaxNewSize=16m");

    /** Added for a watch without hooks: C2's compiling costs more CPU than the polls' own work (measured). */
    public static final List<String> JVM_OPTIONS_WITHOUT_HOOKS = List.of("-XX:TieredStopAtLevel=1");

    private final ConferenceClient client;
    private final Settings settings;
    private final EventPath path;
    private final HookSession hooks;
    private final AlertEngine alerts;
    private final Clock clock;
    private final PrintWriter err;
    private final ExecutorService pool;
    private final ObjectMapper json = ApiJson.mapper();
    private final Map<String, Known> known = new LinkedHashMap<>();
    private boolean started;
    private volatile boolean stopping;
    private final List<Observer> observers = new ArrayList<>();
    private final Set<Future<?>> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public Watcher(ConferenceClient client, Settings settings, Consumer<Event> events, HookSession hooks,
            AlertEngine alerts, Clock clock, PrintWriter err) {
        this.client = client;
        this.settings = settings;
        this.path = new EventPath(hooks, events, alerts, err);
        this.hooks = hooks;
        this.alerts = alerts;
        this.clock = clock;
        this.err = err;
        this.pool = Executors.newFixedThreadPool(Math.max(1, settings.concurrency()), r -> {
            Thread t = new Thread(r, "conf-watch-poll");
            t.setDaemon(true);
            return t;
        });
        settings.ids().forEach(id -> known.put(id, new Known()));
        restore(WatchState.load(settings.stateFile()));
        if (settings.stateFile() != null) {
            conftool.alerts.StateFiles.checkWritable(settings.stateFile());
        }
    }

    /** Tells {@code observer} about every poll and cycle from now on. Before the first cycle. */
    public void observe(Observer observer) {
        observers.add(observer);
    }

    /** Each conference last polled and neither completed nor gone, as last seen. On the cycle's thread. */
    public void forEachLive(Consumer<Conference> action) {
        known.values().forEach(k -> {
            if (k.last != null && !k.finished()) {
                action.accept(k.last);
            }
        });
    }

    /** Builds the client's request gate for a watch: a rate limit and a Retry-After that holds back every poll. */
    public static conftool.client.RequestGate gate(double requestsPerSecond, Clock clock) {
        return new conftool.client.RateGate(requestsPerSecond, 1, clock);
    }

    private void restore(WatchState s) {
        if (s == null) {
            return;
        }
        s.conferences().forEach((id, p) -> {
            Known k = known.computeIfAbsent(id, x -> new Known());
            k.last = p.last();
            k.lastPolled = p.lastPolled();
            k.missedPolls = p.missedPolls();
            k.gone = p.gone();
        });
        if (hooks != null && s.hookState() != null) {
            hooks.restoreState(s.hookState());
        }
        if (s.alerts() != null) {
            alerts.restore(s.alerts());
        }
        started = true;
    }

    /**
     * Whether nothing is left to poll: every conference named on the command line has completed or is gone (404).
     * Never with {@code --all}, where a conference may still appear.
     */
    public boolean nothingLeft() {
        return !settings.all() && !known.isEmpty() && known.values().stream().allMatch(Known::finished);
    }

    /** Polls that were due but not made (the previous cycle overran): each watched conference missed them. */
    public void skipped(int polls) {
        known.values().stream().filter(k -> !k.finished() && k.last != null).forEach(k -> k.missedPolls += polls);
    }

    /**
     * Ends the cycle in progress without waiting for the API: requests in flight are cancelled (their polls count as
     * missed) and no new one starts. The cycle still saves the state. Safe to call from any thread, more than once.
     */
    public void stop() {
        stopping = true;
        inFlight.forEach(f -> f.cancel(true));
    }

    /** Whether {@link #stop()} was called. */
    public boolean stopped() {
        return stopping;
    }

    /** One round: find the conferences, poll them, report what changed. After {@link #stop()}, it only saves. */
    public void cycle() {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        boolean running = !stopping;
        List<String> targets = running ? targets() : List.of();
        Map<String, Future<ConferenceClient.Answer>> polls = new LinkedHashMap<>();
        for (String id : targets) {
            Known k = known.get(id);
            polls.put(id, submit(poll(id, k == null ? null : k.answer)));
        }
        Set<String> answered = new java.util.HashSet<>();
        try {
            for (Map.Entry<String, Future<ConferenceClient.Answer>> p : polls.entrySet()) {
                String id = p.getKey();
                Known k = known.computeIfAbsent(id, x -> new Known());
                try {
                    ConferenceClient.Answer answer = await(p.getValue());
                    if (answer == null) {
                        failed(id, k, new ConfException.UnreadableAnswer("the API's answer for " + id
                                + " was empty", null), now);
                    } else {
                        polled(k, answer, now);
                    }
                    answered.add(id);
                } catch (ExecutionException e) {
                    failed(id, k, e.getCause(), now);
                    answered.add(id);
                } catch (java.util.concurrent.CancellationException e) {
                    // cut short by stop(): counted below
                }
            }
            if (running && stopping) {
                // this cycle was cut short: every poll it did not finish (or, when the listing was cut, never made)
                // is missed, like a failed one, without a warning
                known.forEach((id, k) -> {
                    if (!answered.contains(id) && k.last != null && !k.finished()) {
                        k.missedPolls++;
                    }
                });
            }
        } finally {
            // also when a hook failure ends the watch: what was polled and raised so far is kept
            started = true;
            save();
            observers.forEach(o -> o.cycled(this));
        }
    }

    /**
     * The request for one conference, timed for the observers when there are any. An answer the same as {@code last}
     * is {@code last}: most polls of most conferences, which then cost no reading and no comparing.
     */
    private Callable<ConferenceClient.Answer> poll(String id, ConferenceClient.Answer last) {
        if (observers.isEmpty()) {
            return () -> client.conference(id, last);
        }
        return () -> {
            long start = System.nanoTime();
            String outcome = "failed";
            try {
                ConferenceClient.Answer c = client.conference(id, last);
                outcome = "ok";
                return c;
            } catch (ApiException.NotFound e) {
                outcome = "not_found";
                throw e;
            } finally {
                long nanos = System.nanoTime() - start;
                for (Observer o : observers) {
                    o.polled(outcome, nanos);
                }
            }
        };
    }

    private void save() {
        if (settings.stateFile() != null) {
            try {
                state().save(settings.stateFile());
            } catch (ConfException e) {
                warn(e.getMessage() + "; the watch goes on, and tries again after the next cycle");
            }
            if (hooks != null) {
                hooks.takeStateProblems().forEach(p -> warn(p));
            }
        }
    }

    /** Runs a request on the pool, where {@link #stop()} can cancel it. */
    private <T> Future<T> submit(Callable<T> request) {
        Future<T> f = pool.submit(request);
        inFlight.add(f);
        if (stopping) {
            f.cancel(true);
        }
        return f;
    }

    /** The request's result; a {@link java.util.concurrent.CancellationException} once the watch is stopping. */
    private <T> T await(Future<T> f) throws ExecutionException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            // the thread running the watch was interrupted: stop as for a signal, and keep the interrupt
            Thread.currentThread().interrupt();
            stop();
            throw new java.util.concurrent.CancellationException("interrupted");
        } finally {
            inFlight.remove(f);
        }
    }

    private List<String> targets() {
        Set<String> ids = new LinkedHashSet<>();
        if (settings.all()) {
            try {
                List<Conference> listed = await(submit(() ->
                        client.conferences(new ConferenceFilter(settings.name(), null, null), 1000).toList()));
                listed.forEach(c -> {
                    Known k = known.get(c.id());
                    if (!c.isCompleted() || (k != null && !k.finished())) {
                        ids.add(c.id());
                    }
                });
            } catch (ExecutionException e) {
                if (ConfException.aboutCredentials(e.getCause())) {
                    throw (ConfException) e.getCause();
                }
                if (e.getCause() instanceof ConfException c) {
                    warn("listing conferences failed (" + c.getMessage() + "); polling the known ones");
                } else if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                } else {
                    throw new IllegalStateException(e.getCause());
                }
            } catch (java.util.concurrent.CancellationException e) {
                // stopping: poll nothing more this cycle
                return List.of();
            }
        }
        known.forEach((id, k) -> {
            if (!k.finished()) {
                ids.add(id);
            }
        });
        return new ArrayList<>(ids);
    }

    private void polled(Known k, ConferenceClient.Answer answer, Instant time) {
        Conference now = answer.conference();
        boolean same = answer == k.answer;
        // the conference as JSON is what hooks read; without hooks no poll pays for writing it, and an unchanged
        // conference is not written again
        String confJson = hooks == null ? null : same && k.lastJson != null ? k.lastJson : write(now);
        List<Event> found = new ArrayList<>();
        if (k.last == null) {
            found.add(new Event("conferenceSeen", time, now.id(), now.name(), null, null, List.of(), null, now));
            if (started) {
                // a conference that appeared while watching: its members joined while we watched
                Conference empty = new Conference(now.id(), now.name(), now.createdTime(), null,
                        now.conferenceEventUrl(), now.conferenceEventMethod(), now.tag(), List.of());
                found.addAll(Differ.events(empty, now, time));
            }
        } else {
            if (k.missedPolls > 0) {
                found.add(new Event("gap", time, now.id(), now.name(), null, null, List.of(), k.missedPolls, null));
            }
            if (!same) {
                found.addAll(Differ.events(k.last, now, time));
            }
        }
        k.last = now;
        // a completed conference is not polled again: its answer would only take room
        k.answer = now.isCompleted() ? null : answer;
        k.lastJson = now.isCompleted() ? null : confJson;
        k.lastPolled = time;
        k.missedPolls = 0;
        k.warned = false;
        for (Observer o : observers) {
            o.seen(now);
        }
        for (Event e : found) {
            path.accept(e, confJson);
        }
        path.conference(now, confJson, time);
    }

    private void failed(String id, Known k, Throwable cause, Instant time) {
        if (cause instanceof ApiException.NotFound nf && k.last == null && !k.gone && settings.ids().contains(id)) {
            // named by the user and never seen: a wrong id, not a conference that ended
            throw nf;
        }
        if (cause instanceof ApiException.NotFound) {
            k.answer = null;
            k.lastJson = null;
            if (!k.gone) {
                k.gone = true;
                String name = k.last == null ? null : k.last.name();
                path.accept(new Event("conferenceGone", time, id, name, null, null, List.of(), null, null), null);
                path.gone(id, time);
            }
            return;
        }
        if (ConfException.aboutCredentials(cause)) {
            throw (ConfException) cause;
        }
        if (k.last != null) {
            k.missedPolls++;
        }
        if (!k.warned) {
            k.warned = true;
            warn("poll of " + id + " failed: " + cause.getMessage() + "; trying again next cycle");
        }
    }

    /** How many hook calls failed and were skipped over. */
    public int hookFailures() {
        return path.hookFailures();
    }

    /** What a state file holds now. */
    public WatchState state() {
        Map<String, WatchState.Polled> conferences = new LinkedHashMap<>();
        known.forEach((id, k) -> {
            if (k.last != null || k.gone) {
                conferences.put(id, new WatchState.Polled(k.last, k.lastPolled, k.missedPolls, k.gone));
            }
        });
        return new WatchState(WatchState.VERSION, clock.instant(), conferences,
                hooks == null ? Map.of() : hooks.state(), alerts.tracked());
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void warn(String line) {
        synchronized (err) {
            err.println("conf: warning: " + conftool.output.Inert.text(line));
            err.flush();
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
