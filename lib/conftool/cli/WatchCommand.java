package conftool.cli;

import conftool.alerts.AlertEngine;
import conftool.alerts.ConferenceNames;
import conftool.client.ConfException;
import conftool.client.ConferenceClient;
import conftool.metrics.Metrics;
import conftool.metrics.MetricsServer;
import conftool.model.Event;
import conftool.output.EventPrinter;
import conftool.watch.Watcher;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Follow conferences and print each change as an event.", "",
                "Events: conferenceSeen, memberJoined, memberLeft, muted, unmuted, held, unheld, "
                + "coachingChanged, conferenceCompleted, conferenceGone, gap. Lines on a terminal, NDJSON "
                + "when piped. Hooks: filter picks members; onEvent(event, ctx) and alert(conference, ctx) "
                + "raise alerts. Ctrl-C or SIGTERM cancels the requests in flight, saves the state and exits 0. "
                + "Polling sees states, not every transition: a member muted and unmuted between two polls shows "
                + "nothing; a failed poll is made up for by the next one, after a gap event."})
final class WatchCommand implements Callable<Integer> {

    @ParentCommand
    ConfCommand conf;

    @Parameters(arity = "0..*", paramLabel = "CONFERENCE_ID", description = "Conferences to watch.")
    List<String> ids = new ArrayList<>();

    @Option(names = "--all", description = "Watch every conference of the account, finding new ones each cycle.")
    boolean all;

    @Option(names = "--name", paramLabel = "NAME", description = "With --all: only conferences with this name.")
    String name;

    @Option(names = "--interval", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Time between polls (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--cycles", defaultValue = "0", paramLabel = "N", description = "Stop after N polls (0: run until stopped).")
    int cycles;

    @Option(names = "--concurrency", defaultValue = "8", paramLabel = "N", description = "Polls in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "PER_SECOND",
            description = "At most this many API requests a second (default: no limit; 429 Retry-After is always honoured).")
    double rate;

    @Option(names = "--state-file", paramLabel = "FILE",
            description = "Keep the last states, hook state and alerts here, so a restart re-announces nothing.")
    Path stateFile;

    @Mixin
    AlertOptions alerting;

    @Mixin
    HookOptions hooks;

    @Mixin
    FailOnOption failOnOption;

    @Mixin
    MetricsOptions metricsOptions;

    @Override
    public Integer call() throws Exception {
        if (ids.isEmpty() && !all) {
            throw new ConfException.InvalidInput("name conferences to watch, or pass --all");
        }
        if (interval.isNegative() || interval.isZero() || cycles < 0 || concurrency < 1 || rate < 0) {
            throw new ConfException.InvalidInput("--interval and --concurrency must be positive;"
                    + " --cycles and --rate 0 or more");
        }
        ids.forEach(id -> conftool.client.Ids.check("conference id", id));
        boolean json = conf.streamsJson();
        hooks.check();
        metricsOptions.check();
        Metrics metrics = metricsOptions.metrics();
        FailOnSink failOn = new FailOnSink(failOnOption.level());
        ConferenceNames names = new ConferenceNames();
        AlertEngine alerts = alerting.engine(conf.err(), json, failOn, conf.env(), names,
                AlertOptions.conferenceUrls(conf));
        Clock clock = Clock.systemUTC();
        ConferenceClient client = conf.clientBuilder().gate(Watcher.gate(rate, clock)).build();
        HookRunner runner = hooks.any() ? new HookRunner(hooks, null, alerts::immediate, conf.err()) : null;
        if (runner != null && runner.maps()) {
            conf.err().println("conf: warning: --map and map() do not apply to watch: events keep their shape");
        }
        CountDownLatch stop = new CountDownLatch(1);
        // a signal cuts the cycle in progress short (requests in flight are cancelled), then the state is saved
        AtomicReference<Watcher> watching = new AtomicReference<>();
        List<Runnable> restore = Signals.onStop(() -> {
            stop.countDown();
            Watcher w = watching.get();
            if (w != null) {
                w.stop();
            }
        });
        int done = 0;
        MetricsServer served = null;
        try (Watcher watcher = new Watcher(client, new Watcher.Settings(ids, all, name, concurrency, stateFile),
                printer(metrics, json), runner == null ? null : runner.session(), alerts, clock, conf.err())) {
            watching.set(watcher);
            if (alerting.toAlertmanager()) {
                watcher.observe(following(names, alerts));
            }
            if (metrics != null) {
                metrics.alerts(alerts);
                metrics.hookFailures(watcher::hookFailures);
                watcher.observe(metrics);
                served = metricsOptions.serve(metrics, conf.err());
            }
            if (stop.getCount() == 0) {
                watcher.stop();
            }
            long next = System.nanoTime();
            while (stop.getCount() > 0 && (cycles == 0 || done < cycles)) {
                long start = System.nanoTime();
                watcher.cycle();
                done++;
                if (watcher.stopped()) {
                    // a signal cut the cycle short; it saved the state
                    break;
                }
                if (conf.outputClosed()) {
                    // stdout was closed (conf watch … | head -1): nobody reads the events any more
                    break;
                }
                if (cycles != 0 && done >= cycles) {
                    break;
                }
                if (watcher.nothingLeft()) {
                    // a completed conference never changes again: waiting on would only look like a hang
                    conf.err().println("conf: every watched conference has completed or is gone; the watch ends");
                    break;
                }
                next += interval.toNanos();
                long late = System.nanoTime() - next;
                if (late > 0) {
                    // the cycle overran: the polls that were due meanwhile were missed
                    int missed = (int) (late / interval.toNanos()) + 1;
                    watcher.skipped(missed - 1);
                    next = System.nanoTime();
                    if (missed > 1) {
                        conf.err().println("conf: warning: a cycle took " + Duration.ofNanos(System.nanoTime() - start)
                                .toMillis() + " ms, longer than --interval; " + (missed - 1) + " poll(s) skipped");
                    }
                }
                stop.await(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            if (runner != null && watcher.hookFailures() > 0) {
                return ExitCode.HOOK_FAILED;
            }
            return failOn.fired() ? failOnOption.reached(conf.err()) : ExitCode.OK;
        } finally {
            // whatever ended the watch (a signal, --cycles, a failure), the alerts already raised go out; after a
            // signal within a second, so that the watch ends within two even when a receiver hangs
            if (stop.getCount() == 0) {
                alerts.close(Duration.ofSeconds(1));
            } else {
                alerts.close();
            }
            restore.forEach(Runnable::run);
            if (runner != null) {
                runner.close();
            }
            if (served != null) {
                served.close();
            }
        }
    }

    /**
     * Keeps {@code names} to the conferences polled: those still watched, and those with conditions still firing
     * (their alerts are sent again).
     */
    private static Watcher.Observer following(ConferenceNames names, AlertEngine alerts) {
        return new Watcher.Observer() {
            @Override
            public void seen(conftool.model.Conference c) {
                names.seen(c.id(), c.name());
            }

            @Override
            public void cycled(Watcher w) {
                java.util.Set<String> keep = new java.util.HashSet<>();
                w.forEachLive(c -> keep.add(c.id()));
                alerts.firing().forEach(a -> keep.add(a.conferenceId()));
                names.retain(keep);
            }
        };
    }

    /** Where events are printed, counted too when metrics are served. */
    private Consumer<Event> printer(Metrics metrics, boolean json) {
        Consumer<Event> print = new EventPrinter(conf.out(), json);
        return metrics == null ? print : print.andThen(metrics::event);
    }

}
