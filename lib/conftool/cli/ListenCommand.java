package conftool.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import conftool.alerts.AlertEngine;
import conftool.alerts.AlertSink;
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
import conftool.output.OutputFormat;
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
        description = {"Receive Bandwidth's conference webhooks (POST JSON or GET query) and turn them into the",
                "same events as watch: memberJoined, memberLeft, conferenceCompleted, conferenceSeen (created),",
                "conferenceRedirected, recordingAvailable; with the same hooks, alerts and sinks.",
                "Webhook credentials: CONF_LISTEN_USERNAME and CONF_LISTEN_PASSWORD (Basic, with Bandwidth's",
                "401 challenge). Each webhook is journalled before the 204; a restart replays what was not handled."})
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
        boolean json = !OutputFormat.resolve(conf.output, Terminal.isTerminal(conf.env())).equals(OutputFormat.TABLE);
        List<AlertSink> sinks = alerting.sinks(conf.err(), json);
        FailOnSink failOn = new FailOnSink(hooks.failOn);
        sinks.add(failOn);
        AlertEngine alerts = new AlertEngine(sinks);
        ConferenceClient client = enrich ? conf.client() : null;
        HookRunner runner = hooks.any() ? new HookRunner(hooks, alerts::immediate, conf.err()) : null;
        HookSession session = runner == null ? null : runner.session();
        EventPrinter printer = new EventPrinter(conf.out(), json);
        CountDownLatch stop = new CountDownLatch(1);
        List<Runnable> restore = Signals.onStop(stop::countDown);
        Listener.Settings settings = new Listener.Settings(InetAddress.getByName(host), port, path, user, password,
                journal, maxBody);
        try (Listener listener = new Listener(settings, w -> handle(w, client, session, printer, alerts),
                conf.err())) {
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
        return failOn.fired() ? ExitCode.ALERT : ExitCode.OK;
    }

    private void handle(Webhook w, ConferenceClient client, HookSession hooks, EventPrinter printer,
            AlertEngine alerts) {
        Conference c = null;
        if (client != null) {
            try {
                c = client.conference(w.conferenceId());
            } catch (ConfException e) {
                conf.err().println("conf: warning: could not enrich " + w.eventType() + " for " + w.conferenceId()
                        + ": " + e.getMessage());
            }
        }
        ConferenceMember member = null;
        if (c != null && w.callId() != null) {
            member = c.members().stream().filter(m -> w.callId().equals(m.callId())).findFirst().orElse(null);
        }
        Event e = w.toEvent(member);
        Instant now = Instant.now();
        List<HookFailure> failures = new ArrayList<>();
        String confJson = c == null ? null : write(c);
        if (hooks != null && hooks.filters() && e.callId() != null) {
            ConferenceMember m = e.member() != null ? e.member() : e.previous();
            String context = confJson != null ? confJson : "{\"id\":" + quote(w.conferenceId()) + ",\"name\":"
                    + quote(w.name()) + ",\"activeMembers\":[]}";
            if (!hooks.keeps(write(m), context, m.callId(), failures)) {
                report(failures);
                return;
            }
        }
        printer.accept(e);
        if (hooks != null) {
            hooks.onEvent(w.conferenceId(), write(e), e.callId(), now, failures).forEach(alerts::immediate);
            if (c != null) {
                alerts.evaluate(c.id(), hooks.alerts(c, confJson, now, failures), now);
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
