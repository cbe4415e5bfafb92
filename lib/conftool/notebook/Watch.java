package conftool.notebook;

import conftool.alerts.AlertEngine;
import conftool.client.ConferenceClient;
import conftool.model.Alert;
import conftool.model.Event;
import conftool.watch.Watcher;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A watch from a notebook: polls conferences every {@link #every interval} and collects the events and alerts,
 * either for a while ({@link #run(Duration)}, the cell waits) or in the background ({@link #start()}, then
 * {@link #stop()} in a later cell, acting on the conferences in between).
 *
 * <pre>
 * Watch w = conf.watch(id).every(Duration.ofMillis(500)).start();
 * conf.mute(id, callId, true);
 * w.stop()          // a table: conferenceSeen, then muted
 * </pre>
 */
public final class Watch {

    private final ConferenceClient client;
    private final List<String> ids;
    private Duration interval = Duration.ofSeconds(5);
    private Hooks hooks = Hooks.none();
    private final List<Event> events = new ArrayList<>();
    private final List<Alert> alerts = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private Thread thread;
    private CountDownLatch stop;
    private RuntimeException failure;

    Watch(ConferenceClient client, List<String> ids) {
        this.client = client;
        this.ids = List.copyOf(ids);
    }

    /** The time between polls (default 5 s). */
    public Watch every(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the interval must be positive, not " + interval);
        }
        this.interval = interval;
        return this;
    }

    /** Hooks for the watch: filter picks members, onEvent and alert raise alerts. */
    public Watch hooks(Hooks hooks) {
        this.hooks = hooks;
        return this;
    }

    /** Polls for {@code duration} (at least once), then returns what was seen. */
    public WatchResult run(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("the duration must not be negative, not " + duration);
        }
        long cycles = Math.max(1, duration.toNanos() / interval.toNanos());
        return cycles((int) Math.min(Integer.MAX_VALUE, cycles));
    }

    /**
     * Polls {@code n} times, {@link #every interval} apart, then returns what was seen. Throws what stopped the
     * watch early: a wrong id ({@code ApiException.NotFound}), bad credentials, a failing hook.
     */
    public WatchResult cycles(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("cycles must be 1 or more, not " + n);
        }
        startThread(n);
        WatchResult seen = stop(false);
        RuntimeException stopped = failure();
        if (stopped != null) {
            throw stopped;
        }
        return seen;
    }

    /** Starts polling in the background; {@link #stop()} ends it. What it saw before is kept. */
    public synchronized Watch start() {
        if (isRunning()) {
            throw new IllegalStateException("this watch is already running: stop() it first");
        }
        startThread(0);
        return this;
    }

    /**
     * Ends a background watch after the poll in progress, and returns all it saw. When the watch stopped on its own
     * (a wrong id, bad credentials, a hook that failed), the result's problems say why, and so does {@link #failure()}.
     */
    public WatchResult stop() {
        return stop(true);
    }

    /** Whether the background watch is still polling. */
    public synchronized boolean isRunning() {
        return thread != null && thread.isAlive();
    }

    /** What stopped the watch on its own, or null. */
    public synchronized RuntimeException failure() {
        return failure;
    }

    /** What the watch has seen so far, while it runs. */
    public synchronized WatchResult result() {
        List<String> all = new ArrayList<>(problems);
        if (failure != null) {
            all.add("the watch stopped: " + conftool.output.Inert.text(failure.getMessage()));
        }
        return new WatchResult(
                new Table<>(Columns.count(events.size(), "event"), Columns.EVENTS, events),
                new Table<>(Columns.count(alerts.size(), "alert"), Columns.ALERTS, alerts),
                List.copyOf(all));
    }

    @Override
    public synchronized String toString() {
        return "watch of " + (ids.isEmpty() ? "every conference" : String.join(", ", ids)) + " every "
                + conftool.model.Durations.format(interval) + ": " + (isRunning() ? "running" : "stopped") + ", "
                + Columns.count(events.size(), "event") + (failure != null ? ", stopped by: "
                + conftool.output.Inert.text(failure.getMessage()) : "");
    }

    private synchronized void startThread(int cycles) {
        stop = new CountDownLatch(1);
        failure = null;
        CountDownLatch stopping = stop;
        thread = new Thread(() -> loop(cycles, stopping), "conf-notebook-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private WatchResult stop(boolean now) {
        Thread t;
        synchronized (this) {
            t = thread;
            if (t == null) {
                return result();
            }
            if (now) {
                stop.countDown();
            }
        }
        try {
            t.join();
        } catch (InterruptedException e) {
            stop.countDown();
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            thread = null;
            return result();
        }
    }

    private void loop(int cycles, CountDownLatch stopping) {
        PrintWriter err = new PrintWriter(new Problems(), true);
        AlertEngine engine = new AlertEngine(List.of(a -> {
            synchronized (this) {
                alerts.add(a);
            }
        }));
        java.util.function.Consumer<Event> seen = e -> {
            synchronized (this) {
                events.add(e);
            }
        };
        try (Watcher watcher = new Watcher(client, new Watcher.Settings(ids, ids.isEmpty(), null, 8, null), seen,
                hooks.isEmpty() ? null : hooks.session(), engine, Clock.systemUTC(), err)) {
            int done = 0;
            while (true) {
                watcher.cycle();
                done++;
                if ((cycles > 0 && done >= cycles) || stopping.await(interval.toNanos(), TimeUnit.NANOSECONDS)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            synchronized (this) {
                failure = e;
            }
            if (cycles == 0) {
                // a background watch has no caller to throw to: say it where the notebook shows it
                System.err.println("conf: the watch stopped: " + conftool.output.Inert.text(e.getMessage()));
            }
        } finally {
            engine.flush();
            err.flush();
        }
    }

    /** The watch's warnings (failed polls, hook failures): kept for the result and shown on stderr. */
    private final class Problems extends CurrentStderr {
        private final StringBuilder line = new StringBuilder();

        @Override
        public void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (buf[i] == '\n') {
                    String text = line.toString();
                    line.setLength(0);
                    System.err.println(text);
                    synchronized (Watch.this) {
                        problems.add(text);
                    }
                } else {
                    line.append(buf[i]);
                }
            }
        }
    }
}
