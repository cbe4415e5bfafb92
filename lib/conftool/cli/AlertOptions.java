package conftool.cli;

import conftool.alerts.AlertEngine;
import conftool.alerts.AlertSink;
import conftool.alerts.AlertmanagerSink;
import conftool.alerts.ConferenceNames;
import conftool.alerts.ExecSink;
import conftool.alerts.StreamSink;
import conftool.alerts.WebhookSink;
import conftool.client.ConfException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The alert sinks of long-running commands (watch, listen): stderr always, plus webhooks, a command and
 * Alertmanagers.
 */
final class AlertOptions {

    @Option(names = "--alert-webhook", paramLabel = "URL",
            description = "Also POST each alert as JSON here (retried with backoff; never blocks the work).")
    List<String> webhooks = new ArrayList<>();

    @Option(names = "--alert-exec", paramLabel = "CMD", description = "Also run `sh -c CMD` per alert, the alert's JSON on stdin.")
    String exec;

    @Option(names = "--alertmanager", paramLabel = "URL",
            description = "Also send alerts to this Alertmanager (http://host:9093), re-sending firing ones; repeat it"
                    + " for each member of a cluster.")
    List<String> alertmanagers = new ArrayList<>();

    @Option(names = "--alertmanager-resend", defaultValue = "1m", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "How often conditions still firing are sent to Alertmanager again"
                    + " (default: ${DEFAULT-VALUE}; keep it below Alertmanager's resolve_timeout).")
    Duration resend;

    @Option(names = "--alert-queue", defaultValue = "1000", paramLabel = "N",
            description = "Alerts waiting per webhook or command before new ones are dropped and counted (default: ${DEFAULT-VALUE}).")
    int queue;

    /**
     * The sinks these options ask for, after stderr (lines, or NDJSON when {@code json}), and {@code failOn}, which
     * only watches for the exit code. {@code env} is conf's environment, which an {@code --alert-exec} command gets
     * without conf's secrets.
     */
    List<AlertSink> sinks(PrintWriter err, boolean json, FailOnSink failOn, java.util.Map<String, String> env) {
        return sinks(new StreamSink(err, json), err, failOn, env);
    }

    /** The same with {@code first} in place of stderr's lines ({@code top}'s alert pane). */
    List<AlertSink> sinks(AlertSink first, PrintWriter err, FailOnSink failOn, java.util.Map<String, String> env) {
        if (queue < 1) {
            throw new ConfException.InvalidInput("--alert-queue must be positive");
        }
        List<URI> urls = urls("--alert-webhook", webhooks);
        List<AlertSink> sinks = new ArrayList<>();
        sinks.add(first);
        urls.forEach(u -> sinks.add(new WebhookSink(u, 5, Duration.ofMillis(500), queue, err)));
        if (exec != null) {
            sinks.add(new ExecSink(exec, env, queue, err));
        }
        sinks.add(failOn);
        return sinks;
    }

    /**
     * The alert engine over {@link #sinks} and the {@code --alertmanager}s, whose re-sends it starts; their labels
     * name conferences from {@code conferenceNames}. {@code generatorUrl} gives an alert's
     * {@code generatorURL} by conference id (or null).
     */
    AlertEngine engine(PrintWriter err, boolean json, FailOnSink failOn, java.util.Map<String, String> env,
            ConferenceNames conferenceNames, Function<String, String> generatorUrl) {
        List<URI> managers = urls("--alertmanager", alertmanagers);
        if (resend.isNegative() || resend.isZero()) {
            throw new ConfException.InvalidInput("--alertmanager-resend must be positive");
        }
        List<AlertSink> sinks = sinks(err, json, failOn, env);
        List<AlertmanagerSink> toAlertmanagers = new ArrayList<>();
        managers.forEach(u -> toAlertmanagers.add(new AlertmanagerSink(u, conferenceNames, generatorUrl, 5,
                Duration.ofMillis(500), queue, err)));
        sinks.addAll(toAlertmanagers);
        AlertEngine engine = new AlertEngine(sinks);
        // a condition restored from a state file waits for its conference's first poll: its name is a label
        toAlertmanagers.forEach(a -> a.resend(() -> engine.firing().stream()
                .filter(f -> conferenceNames.knows(f.conferenceId())).toList(), resend));
        return engine;
    }

    /**
     * An alert's {@code generatorURL}: its conference in the API of the account conf talks to, or null when no
     * account is configured ({@code listen} without credentials).
     */
    static Function<String, String> conferenceUrls(ConfCommand conf) {
        try {
            conftool.client.Profiles.Target t = conf.target();
            String base = t.baseUrl().replaceAll("/+$", "");
            String account = t.credentials().accountId();
            return id -> base + "/accounts/" + account + "/conferences/" + id;
        } catch (ConfException e) {
            return null;
        }
    }

    /** Whether alerts go to an Alertmanager, which labels them with their conference's name. */
    boolean toAlertmanager() {
        return !alertmanagers.isEmpty();
    }

    /** The http(s) URLs of an option, read here rather than by picocli, whose message would quote a password. */
    private static List<URI> urls(String option, List<String> values) {
        List<URI> urls = new ArrayList<>();
        for (String w : values) {
            URI u;
            try {
                u = new URI(w);
            } catch (URISyntaxException e) {
                throw new ConfException.InvalidInput(option + " " + WebhookSink.redact(w) + " is not a URL ("
                        + e.getReason() + ")");
            }
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                    || u.getHost() == null) {
                throw new ConfException.InvalidInput(option + " needs an http(s) URL with a host, not "
                        + WebhookSink.redact(w));
            }
            urls.add(u);
        }
        return urls;
    }
}
