package conftool.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import conftool.alerts.AlertEngine;
import conftool.client.ApiJson;
import conftool.client.ConfException;
import conftool.client.ConferenceClient;
import conftool.hooks.HookFailure;
import conftool.hooks.HookSession;
import conftool.listen.Listener;
import conftool.listen.Webhook;
import conftool.model.Conference;
import conftool.model.ConferenceMember;
import conftool.model.Event;
import conftool.output.EventPrinter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
                + "Each webhook is journalled before the 204; a restart replays what was not handled."})
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

    @Mixin
    AlertOptions alerting;

    @Mixin
    HookOptions hooks;

    @Mixin
    FailOnOption failOnOption;

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
        boolean json = conf.streamsJson();
        hooks.check();
        FailOnSink failOn = new FailOnSink(failOnOption.level());
        AlertEngine alerts = new AlertEngine(alerting.sinks(conf.err(), json, failOn));
        ConferenceClient client = enrich ? conf.client() : null;
        HookRunner runner = hooks.any() ? new HookRunner(hooks, null, alerts::immediate, conf.err()) : null;
        HookSession session = runner == null ? null : runner.session();
        EventPrinter printer = new EventPrinter(conf.out(), json);
        CountDownLatch stop = new CountDownLatch(1);
        List<Runnable> restore = Signals.onStop(stop::countDown);
        Listener.Settings settings = new Listener.Settings(InetAddress.getByName(host), port, path, user, password,
                journal, maxBody);
        Handling handling = new Handling(client, session, printer, alerts, stop::countDown);
        try (Listener listener = new Listener(settings, handling, conf.err())) {
            conf.err().println("conf: listening for conference webhooks on http://" + host + ":" + listener.port()
                    + path + (user == null ? " (no authentication)" : " (Basic authentication)")
                    + "; journal " + journal.toAbsolutePath());
            conf.err().flush();
            stop.await();
        } finally {
            alerts.flush();
            restore.forEach(Runnable::run);
            if (runner != null) {
                runner.close();
            }
        }
        return failOn.fired() ? failOnOption.reached(conf.err()) : ExitCode.OK;
    }

    /** One webhook through the listener's two steps: its event printed (if the filters keep it), then hooks. */
    private final class Handling implements Listener.Handler {
        private final ConferenceClient client;
        private final HookSession hooks;
        private final EventPrinter printer;
        private final AlertEngine alerts;
        /** The last webhook's enrichment and verdict, so the second step does not fetch again. */
        private Webhook last;
        private Conference conference;
        private Event event;
        private boolean kept;
        private final Runnable stop;

        Handling(ConferenceClient client, HookSession hooks, EventPrinter printer, AlertEngine alerts, Runnable stop) {
            this.client = client;
            this.hooks = hooks;
            this.printer = printer;
            this.alerts = alerts;
            this.stop = stop;
        }

        private void prepare(Webhook w) {
            if (w == last) {
                return;
            }
            last = w;
            conference = null;
            if (client != null) {
                try {
                    conference = client.conference(w.conferenceId());
                } catch (ConfException e) {
                    conf.err().println("conf: warning: could not enrich " + w.eventType() + " for " + w.conferenceId()
                            + ": " + e.getMessage());
                }
            }
            ConferenceMember member = null;
            if (conference != null && w.callId() != null) {
                member = conference.members().stream().filter(m -> w.callId().equals(m.callId())).findFirst()
                        .orElse(null);
            }
            event = w.toEvent(member);
            kept = true;
            if (hooks != null && hooks.filters() && event.callId() != null) {
                List<HookFailure> failures = new ArrayList<>();
                ConferenceMember m = event.member() != null ? event.member() : event.previous();
                String context = conference != null ? write(conference) : "{\"id\":" + quote(w.conferenceId())
                        + ",\"name\":" + quote(w.name()) + ",\"activeMembers\":[]}";
                kept = hooks.keeps(write(m), context, m.callId(), failures);
                report(failures);
            }
        }

        @Override
        public void print(Webhook w) {
            prepare(w);
            if (kept) {
                printer.accept(event);
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
            if (!kept || hooks == null) {
                return;
            }
            Instant now = Instant.now();
            List<HookFailure> failures = new ArrayList<>();
            hooks.onEvent(w.conferenceId(), write(event), event.callId(), now, failures).forEach(alerts::immediate);
            if (conference != null) {
                alerts.evaluate(conference.id(), hooks.alerts(conference, write(conference), now, failures), now);
            }
            report(failures);
        }
    }

    private void report(List<HookFailure> failures) {
        failures.forEach(f -> conf.err().println("conf: warning: " + f.getMessage()));
        conf.err().flush();
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String write(Object o) {
        try {
            return ApiJson.mapper().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
