package conftool.metrics;

import conftool.client.ConfException;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Serves {@link Metrics} at {@code /metrics} with the Prometheus client's HTTP server (the JDK's
 * {@code com.sun.net.httpserver}). It may face a network, so every connection is bounded: the JDK server's limits
 * are set (unless given with {@code -D}) before its first use: a request must arrive within {@link #REQUEST_SECONDS},
 * its answer be taken within {@link #RESPONSE_SECONDS}, headers are limited in number and size, and the open
 * connections in number. The JDK server reads a request on the executor's thread, so a sender that trickles its
 * headers holds a thread until {@code maxReqTime}: there is a thread for every connection the server accepts
 * ({@link #THREADS}, started only when needed), so slow senders hold up no scrape until they fill the connection
 * limit itself. A scrape only reads the registry: it never waits for a poll.
 */
public final class MetricsServer implements AutoCloseable {

    static final int REQUEST_SECONDS = 10;
    static final int RESPONSE_SECONDS = 30;
    static final int CONNECTIONS = 32;
    static final int THREADS = CONNECTIONS;

    private final HTTPServer server;
    private final String url;

    private MetricsServer(HTTPServer server, String url) {
        this.server = server;
        this.url = url;
    }

    /**
     * Starts serving on {@code address:port} (0: a free port).
     *
     * @throws ConfException.PortInUse when the port is taken; {@link ConfException.InvalidInput} when it cannot be
     *                                   used for another reason
     */
    public static MetricsServer start(Metrics metrics, InetAddress address, int port) throws IOException {
        limit("sun.net.httpserver.maxReqTime", REQUEST_SECONDS);
        limit("sun.net.httpserver.maxRspTime", RESPONSE_SECONDS);
        limit("sun.net.httpserver.idleInterval", 30);
        limit("sun.net.httpserver.maxIdleConnections", 8);
        limit("sun.net.httpserver.maxReqHeaders", 64);
        limit("sun.net.httpserver.maxReqHeaderSize", 16 * 1024);
        limit("jdk.httpserver.maxConnections", CONNECTIONS);
        ThreadPoolExecutor threads = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "conf-metrics");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        threads.allowCoreThreadTimeOut(true);
        try {
            HTTPServer s = HTTPServer.builder().inetAddress(address).port(port).registry(metrics.registry())
                    .executorService(threads).buildAndStart();
            String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]"
                    : address.getHostAddress();
            return new MetricsServer(s, "http://" + host + ":" + s.getPort() + "/metrics");
        } catch (BindException e) {
            threads.shutdownNow();
            String where = "cannot serve metrics on " + address.getHostAddress() + ":" + port + ": " + e.getMessage();
            if (String.valueOf(e.getMessage()).contains("in use")) {
                throw new ConfException.PortInUse(where + "; choose another --metrics-port, or 0 for a free one");
            }
            // an address of another host, or a port below 1024 without the right to it
            throw new ConfException.InvalidInput(where + "; choose an address of this host for --metrics-address"
                    + " and a port above 1023");
        } catch (IOException | RuntimeException e) {
            threads.shutdownNow();
            throw e;
        }
    }

    /** A limit of the JDK's HTTP server, unless the user set it: it reads them once, when first used. */
    private static void limit(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }

    /** Where the metrics are served, e.g. {@code http://127.0.0.1:9464/metrics}. */
    public String url() {
        return url;
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
