package conftool.cli;

import conftool.alerts.AlertSink;
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
import picocli.CommandLine.Option;

/** The alert sinks of long-running commands (watch, listen): stderr always, plus webhooks and a command. */
final class AlertOptions {

    @Option(names = "--alert-webhook", paramLabel = "URL",
            description = "Also POST each alert as JSON here (retried with backoff; never blocks the work).")
    List<String> webhooks = new ArrayList<>();

    @Option(names = "--alert-exec", paramLabel = "CMD", description = "Also run `sh -c CMD` per alert, the alert's JSON on stdin.")
    String exec;

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
        // read here rather than by picocli, whose message would quote a password in the URL
        List<URI> urls = new ArrayList<>();
        for (String w : webhooks) {
            URI u;
            try {
                u = new URI(w);
            } catch (URISyntaxException e) {
                throw new ConfException.InvalidInput("--alert-webhook " + WebhookSink.redact(w) + " is not a URL ("
                        + e.getReason() + ")");
            }
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                    || u.getHost() == null) {
                throw new ConfException.InvalidInput("--alert-webhook needs an http(s) URL with a host, not "
                        + WebhookSink.redact(w));
            }
            urls.add(u);
        }
        List<AlertSink> sinks = new ArrayList<>();
        sinks.add(first);
        urls.forEach(u -> sinks.add(new WebhookSink(u, 5, Duration.ofMillis(500), queue, err)));
        if (exec != null) {
            sinks.add(new ExecSink(exec, env, queue, err));
        }
        sinks.add(failOn);
        return sinks;
    }
}
