package conftool.cli;

import conftool.alerts.AlertEngine;
import conftool.alerts.ConferenceNames;
import conftool.client.ConfException;
import conftool.client.ConferenceClient;
import conftool.metrics.Metrics;
import conftool.metrics.MetricsServer;
import conftool.model.Event;
import conftool.output.EventPrinter;
import conftool.watch.Cadence;
import conftool.watch.Watcher;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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

    @Mixin
    PollOptions poll;

    @Option(names = "--interval", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Time between polls (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--cycles", defaultValue = "0", paramLabel = "N", description = "Stop after N polls (0: run until stopped).")
    int cycles;

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
        poll.check(interval);
        if (cycles < 0) {
            throw new ConfException.InvalidInput("--cycles must be 0 or more");
        }
        boolean json = conf.streamsJson();
        hooks.check();
        metricsOptions.check();
        Metrics metrics = metricsOptions.metrics();
        FailOnSink failOn = new FailOnSink(failOnOption.level());
        ConferenceNames names = new ConferenceNames();
        AlertEngine alerts = alerting.engine(conf.err(), json, failOn, conf.env(), names,
                AlertOptions.conferenceUrls(conf));
        Clock clock = Clock.systemUTC();
        ConferenceClient client = poll.client(conf, clock);
        HookRunner runner = hooks.any() ? new HookRunner(hooks, null, alerts::immediate, conf.err()) : null;
        if (runner != null && runner.maps()) {
            conf.err().println("conf: warning: --map and map() do not apply to watch: events keep their shape");
        }
        // a signal cuts the cycle in progress short (requests in flight are cancelled), then the state is saved
        Cadence cadence = new Cadence(interval, conf.err());
        List<Runnable> restore = Signals.onStop(cadence::stop);
        MetricsServer served = null;
        try (Watcher watcher = new Watcher(client, poll.settings(stateFile),
                printer(metrics, json), runner == null ? null : runner.session(), alerts, clock, conf.err())) {
            if (alerting.toAlertmanager()) {
                watcher.observe(following(names, alerts));
            }
            if (metrics != null) {
                metrics.alerts(alerts);
                metrics.hookFailures(watcher::hookFailures);
                watcher.observe(metrics);
                served = metricsOptions.serve(metrics, conf.err());
            }
            cadence.run(watcher, cycles, () -> {
                if (conf.outputClosed()) {
                    // stdout was closed (conf watch … | head -1): nobody reads the events any more
                    return true;
                }
                if (watcher.nothingLeft()) {
                    // a completed conference never changes again: waiting on would only look like a hang
                    conf.err().println("conf: every watched conference has completed or is gone; the watch ends");
                    return true;
                }
                return false;
            });
            if (runner != null && watcher.hookFailures() > 0) {
                return ExitCode.HOOK_FAILED;
            }
            return failOn.fired() ? failOnOption.reached(conf.err()) : ExitCode.OK;
        } finally {
            // whatever ended the watch (a signal, --cycles, a failure), the alerts already raised go out; after a
            // signal within a second, so that the watch ends within two even when a receiver hangs
            if (cadence.stopped()) {
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
