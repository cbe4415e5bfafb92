package conftool.cli;

import conftool.alerts.AlertEngine;
import conftool.alerts.ConferenceNames;
import conftool.client.ConfException;
import conftool.client.ConferenceClient;
import conftool.events.EventPath;
import conftool.hooks.HookFailure;
import conftool.listen.Listener;
import conftool.listen.Webhook;
import conftool.metrics.Metrics;
import conftool.metrics.MetricsServer;
import conftool.model.Conference;
import conftool.model.ConferenceMember;
import conftool.model.Event;
import conftool.output.EventPrinter;
import conftool.output.Inert;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "listen", mixinStandardHelpOptions = true,
        description = {"Receive Bandwidth's conference webhooks as watch events.", "",
                "POST JSON or GET query: conferenceCreated, conferenceRedirect, conferenceMemberJoin, "
                + "conferenceMemberExit, conferenceCompleted, conferenceRecordingAvailable become "
                + "conferenceSeen, conferenceRedirected, memberJoined, memberLeft, conferenceCompleted, "
                + "recordingAvailable, with the same hooks, alerts and sinks as watch. Webhook credentials: "
                + "CONF_LISTEN_USERNAME and CONF_LISTEN_PASSWORD (Basic, with Bandwidth's 401 challenge). "
                + "Each webhook is journalled before the 204; a restart replays what was not handled, and one that"
                + " cannot be handled goes to JOURNAL.dead. Plain HTTP: exposed, put a TLS reverse proxy in front."})
final class ListenCommand implements Callable<Integer> {

    @ParentCommand
    ConfCommand conf;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}; 0: a free one).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--path", defaultValue = "/", description = "Path webhooks arrive at (default: ${DEFAULT-VALUE}).")
    String path;

    @Option(names = "--journal", paramLabel = "FILE", defaultValue = "conf-listen.journal",
            description = "Write-ahead journal of received webhooks (default: ${DEFAULT-VALUE}).")
    Path journal;

    @Option(names = "--enrich", description = "Fetch the conference for each webhook (API credentials needed), so"
            + " events carry mute, hold and coaching and alert(conference, ctx) runs.")
    boolean enrich;

    @Option(names = "--max-body", defaultValue = "65536", paramLabel = "BYTES",
            description = "Largest webhook body accepted (default: ${DEFAULT-VALUE}).")
    int maxBody;

    @Option(names = "--max-connections-per-peer", defaultValue = "32", paramLabel = "N",
            description = "Open connections one address may hold; more are closed as they open (default:"
                    + " ${DEFAULT-VALUE}). Behind a reverse proxy every connection is the proxy's: raise it there.")
    int perPeer;

    @Option(names = "--request-timeout", defaultValue = "10s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Time a sender has for a request's headers, and again for its body"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration requestTimeout;

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
        String user = conf.env().get("CONF_LISTEN_USERNAME");
        String password = conf.env().get("CONF_LISTEN_PASSWORD");
        if ((user == null) != (password == null)) {
            throw new ConfException.InvalidInput("set both CONF_LISTEN_USERNAME and CONF_LISTEN_PASSWORD, or neither");
        }
        if (!path.startsWith("/")) {
            throw new ConfException.InvalidInput("--path must start with /");
        }
        if (perPeer < 1 || requestTimeout.isNegative() || requestTimeout.isZero() || maxBody < 1) {
            throw new ConfException.InvalidInput("--max-connections-per-peer, --request-timeout and --max-body must be"
                    + " positive");
        }
        boolean json = conf.streamsJson();
        hooks.check();
        metricsOptions.check();
        FailOnSink failOn = new FailOnSink(failOnOption.level());
        ConferenceNames names = new ConferenceNames();
        AlertEngine alerts = alerting.engine(conf.err(), json, failOn, conf.env(), names,
                AlertOptions.conferenceUrls(conf));
        ConferenceClient client = enrich ? conf.client() : null;
        HookRunner runner = hooks.any() ? new HookRunner(hooks, null, alerts::immediate, conf.err()) : null;
        Metrics metrics = metricsOptions.metrics();
        java.util.function.Consumer<Event> print = new EventPrinter(conf.out(), json);
        EventPath events = new EventPath(runner == null ? null : runner.session(),
                metrics == null ? print : print.andThen(metrics::event), alerts, conf.err());
        if (metrics != null) {
            metrics.alerts(alerts);
            metrics.hookFailures(events::hookFailures);
        }
        CountDownLatch stop = new CountDownLatch(1);
        Handling handling = new Handling(client, events, metrics, names, stop::countDown);
        // a signal also cuts short an enrichment waiting for the API: the webhook stays in the journal
        List<Runnable> restore = Signals.onStop(() -> {
            stop.countDown();
            handling.stopNow();
        });
        Listener.Limits defaults = Listener.Limits.DEFAULTS;
        Listener.Settings settings = new Listener.Settings(InetAddress.getByName(host), port, path, user, password,
                journal, maxBody, new Listener.Limits(requestTimeout, requestTimeout, perPeer, defaults.connections(),
                        defaults.threads()));
        MetricsServer served = null;
        try {
            served = metricsOptions.serve(metrics, conf.err());
            // closed before the hooks (finally): the listener's close waits for the hook call in hand to end
            try (Listener listener = new Listener(settings, handling, conf.err())) {
                conf.err().println("conf: listening for conference webhooks on http://" + host + ":" + listener.port()
                        + path + (user == null ? " (no authentication)" : " (Basic authentication)")
                        + "; journal " + journal.toAbsolutePath());
                conf.err().flush();
                stop.await();
            }
        } finally {
            alerts.close(Duration.ofSeconds(1));   // listen ends on a signal: within seconds, whatever the sinks
            restore.forEach(Runnable::run);
            if (runner != null) {
                runner.close();
            }
            if (served != null) {
                served.close();
            }
        }
        if (handling.failure != null) {
            // --on-hook-error fail: the webhook is in the dead-letter file, and listen ends as a one-shot run would
            throw handling.failure;
        }
        if (events.hookFailures() > 0) {
            return ExitCode.HOOK_FAILED;
        }
        return failOn.fired() ? failOnOption.reached(conf.err()) : ExitCode.OK;
    }

    /**
     * One webhook through the listener's two journalled steps of the {@link EventPath}: filter and print, then
     * onEvent, alert and the sinks.
     */
    private final class Handling implements Listener.Handler {
        private final ConferenceClient client;
        private final EventPath events;
        /** The metrics to feed, or null. */
        private final Metrics metrics;
        /** The names of the conferences webhooks are about, for Alertmanager's labels. */
        private final ConferenceNames names;
        private final Runnable stop;
        /** The last webhook's enrichment and verdict, so the second step does not fetch again. */
        private Webhook last;
        private Conference conference;
        private Event event;
        private boolean kept;
        /** The hook failure that ends the listener (--on-hook-error fail). */
        volatile HookFailure failure;
        private volatile boolean stopping;
        private volatile java.util.concurrent.Future<Conference> fetching;

        Handling(ConferenceClient client, EventPath events, Metrics metrics, ConferenceNames names, Runnable stop) {
            this.client = client;
            this.events = events;
            this.metrics = metrics;
            this.names = names;
            this.stop = stop;
        }

        private void prepare(Webhook w) {
            if (w == last) {
                return;
            }
            last = null;
            conference = null;
            if (metrics != null) {
                metrics.webhook(w.eventType());
            }
            if (client != null) {
                try {
                    conference = enrich(w.conferenceId());
                } catch (ConfException e) {
                    conf.err().println("conf: warning: " + Inert.text("could not enrich " + w.eventType() + " for "
                            + w.conferenceId() + ": " + e.getMessage()));
                }
            }
            ConferenceMember member = null;
            if (conference != null && w.callId() != null) {
                member = conference.members().stream().filter(m -> w.callId().equals(m.callId())).findFirst()
                        .orElse(null);
            }
            names.seen(w.conferenceId(), conference != null && conference.name() != null ? conference.name()
                    : w.name());
            event = w.toEvent(member, conference);
            // the filter sees the conference as fetched, or as much of it as the webhook tells
            Conference shown = conference != null ? conference
                    : new Conference(w.conferenceId(), w.name(), null, null, null, null, w.tag(), List.of());
            kept = events.keeps(event, EventPath.json(shown));
            last = w;
        }

        /**
         * The conference, fetched where a signal can abandon the request: HttpURLConnection's read cannot be
         * interrupted, and waiting out --read-timeout would hold the stop for up to 30 s.
         */
        private Conference enrich(String conferenceId) {
            if (stopping) {
                throw new Listener.Stopped();
            }
            java.util.concurrent.FutureTask<Conference> task = new java.util.concurrent.FutureTask<>(
                    () -> client.conference(conferenceId));
            fetching = task;
            Thread t = new Thread(task, "conf-listen-enrich");
            t.setDaemon(true);
            t.start();
            if (stopping) {
                task.cancel(true);
            }
            try {
                return task.get();
            } catch (java.util.concurrent.CancellationException e) {
                throw new Listener.Stopped();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Listener.Stopped();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                fetching = null;
            }
        }

        void stopNow() {
            stopping = true;
            java.util.concurrent.Future<Conference> f = fetching;
            if (f != null) {
                f.cancel(true);
            }
        }

        @Override
        public void print(Webhook w) {
            prepare(w);
            if (kept) {
                events.print(event);
                if (conf.outputClosed()) {
                    // stdout was closed (conf listen … | head -1): nobody read this event, nor will read the next
                    stop.run();
                    throw new Listener.OutputGone();
                }
            }
        }

        @Override
        public void process(Webhook w) {
            prepare(w);
            if (kept) {
                events.react(event);
            }
            if (conference != null) {
                events.conference(conference, EventPath.json(conference), Instant.now());
            }
            boolean completed = "conferenceCompleted".equals(w.eventType());
            if (metrics != null) {
                if (conference != null) {
                    metrics.conference(conference);
                } else if (completed) {
                    metrics.remove(w.conferenceId());
                }
                metrics.alertsChanged();
            }
            if (completed) {
                // its alerts, resolved or not, were queued with their labels
                names.forget(w.conferenceId());
            }
        }

        @Override
        public boolean ends(RuntimeException e) {
            if (e instanceof HookFailure f) {
                failure = f;
                stop.run();
                return true;
            }
            return false;
        }
    }
}
