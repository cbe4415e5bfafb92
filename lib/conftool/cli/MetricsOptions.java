package conftool.cli;

import conftool.client.ConfException;
import conftool.metrics.Metrics;
import conftool.metrics.MetricsServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.Option;

/**
 * {@code --metrics-port} and {@code --metrics-address} of watch and listen. The Prometheus client is loaded only
 * when a port is given.
 */
final class MetricsOptions {

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://ADDRESS:PORT/metrics (0: a free port; default: none).")
    Integer port;

    @Option(names = "--metrics-address", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Interface to serve metrics on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every one).")
    String address;

    /** Checks the options before anything starts. */
    void check() {
        if (port != null && (port < 0 || port > 65535)) {
            throw new ConfException.InvalidInput("--metrics-port must be 0 to 65535, not " + port);
        }
    }

    /** The metrics to feed, or null without {@code --metrics-port} (and then no Prometheus class is loaded). */
    Metrics metrics() {
        return port == null ? null : new Metrics();
    }

    /** Starts serving {@code metrics}, saying where on {@code err}; null when there are none. */
    MetricsServer serve(Metrics metrics, PrintWriter err) throws IOException {
        if (metrics == null) {
            return null;
        }
        InetAddress at;
        try {
            at = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new ConfException.InvalidInput("--metrics-address " + address
                    + " is neither an IP address nor a host name that resolves");
        }
        MetricsServer server = MetricsServer.start(metrics, at, port);
        err.println("conf: serving metrics on " + server.url());
        err.flush();
        return server;
    }
}
