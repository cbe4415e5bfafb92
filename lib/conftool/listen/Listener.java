package conftool.listen;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * Receives Bandwidth's conference webhooks. A request is checked (method, path, size, credentials, body), journalled
 * and forced to disk, answered 204 at once, and only then handed to the handler on its own thread, in arrival
 * order. The HTTP server is Jetty's, made to face the Internet: a slow or idle peer holds no thread, every
 * connection has deadlines for its headers and its body, and one address can open only so many connections
 * ({@link Limits}, {@link ConnectionGuard}). Bandwidth's Basic-auth handshake is followed: a request without credentials gets 401 with
 * {@code WWW-Authenticate}, and the retry carries them; wrong ones never reach the handler.
 */
public final class Listener implements AutoCloseable {

    /**
     * @param host     the address to listen on
     * @param port     the port (0: a free one)
     * @param path     the path webhooks arrive at
     * @param username Basic-auth username, or null for none
     * @param password Basic-auth password, or null
     * @param journal  the journal file
     * @param maxBody  the largest body accepted, in bytes
     * @param limits   what one connection, and one peer, may hold
     */
    public record Settings(InetAddress host, int port, String path, String username, String password, Path journal,
            int maxBody, Limits limits) {

        /** With the default {@link Limits}. */
        public Settings(InetAddress host, int port, String path, String username, String password, Path journal,
                int maxBody) {
            this(host, port, path, username, password, journal, maxBody, Limits.DEFAULTS);
        }
    }

    /**
     * What a peer may take from an exposed listener.
     *
     * @param headers     the time a connection may take to send a request's headers, from its opening or the end of
     *                    its previous request (and the idle timeout)
     * @param body        the time a request's body may take, once its headers are in
     * @param perPeer     open connections from one address; more are closed as they open
     * @param connections open connections in all; past it the listener stops accepting until some close
     * @param threads     HTTP threads (reading and waiting hold none; journalling holds one per webhook)
     */
    public record Limits(Duration headers, Duration body, int perPeer, int connections, int threads) {

        public static final Limits DEFAULTS = new Limits(Duration.ofSeconds(10), Duration.ofSeconds(10), 32, 1024, 32);

        public Limits {
            if (headers.isNegative() || headers.isZero() || body.isNegative() || body.isZero() || perPeer < 1
                    || connections < 1 || threads < 8) {
                throw new IllegalArgumentException("listen limits must be positive (and 8 threads or more): " + this);
            }
        }
    }

    private record Received(long seq, Webhook webhook, boolean printed) {
    }

    /**
     * What the listener does with each webhook, in two steps, each journalled when done: {@code print} shows its
     * event; {@code process} runs hooks and alert sinks. After a crash a webhook resumes at the step it had reached.
     */
    public interface Handler {
        void print(Webhook w);

        void process(Webhook w);

        /**
         * Whether this failure of {@code print} or {@code process} ends the listener (after its webhook is moved to
         * the dead-letter file), as a hook failure does with {@code --on-hook-error fail}. Others only move it.
         */
        default boolean ends(RuntimeException e) {
            return false;
        }
    }

    /**
     * Thrown by a handler whose output has gone (its reader closed stdout): the webhook is not marked, so the next
     * start handles it again, and this listener handles nothing more.
     */
    public static final class OutputGone extends RuntimeException {
        public OutputGone() {
            super("the output was closed", null, false, false);
        }
    }

    /**
     * Thrown by a handler stopped in the middle of a webhook (Ctrl-C or SIGTERM while it waited for the API): the
     * webhook is not marked, so the next start handles it again, and this listener handles nothing more.
     */
    public static final class Stopped extends RuntimeException {
        public Stopped() {
            super("stopped", null, false, false);
        }
    }

    /** Webhooks accepted and waiting for the handler, past which new ones get 503. */
    static final int MAX_WAITING = 10_000;

    private final Settings settings;
    private final Handler handler;
    private final PrintWriter log;
    private final Journal journal;
    private final BlockingQueue<Received> queue = new LinkedBlockingQueue<>();
    private final Server server;
    private final ServerConnector connector;
    private final ConnectionGuard guard;
    private final Thread worker;
    private final Repeats repeats = new Repeats();
    private volatile boolean stopping;
    private volatile long handled;

    /** A listener whose handling is one step (tests and benchmarks). */
    public Listener(Settings settings, Consumer<Webhook> handler, PrintWriter log) throws IOException {
        this(settings, new Handler() {
            @Override
            public void print(Webhook w) {
                handler.accept(w);
            }

            @Override
            public void process(Webhook w) {
            }
        }, log);
    }

    public Listener(Settings settings, Handler handler, PrintWriter log) throws IOException {
        this.settings = settings;
        this.handler = handler;
        this.log = log;
        this.journal = new Journal(settings.journal());
        for (Journal.Entry e : journal.pending()) {
            queue.add(new Received(e.seq(), e.webhook(), e.printed()));
            repeats.remember(e.webhook(), e.seq());
        }
        if (!queue.isEmpty()) {
            log("replaying " + queue.size() + " webhook(s) journalled but not handled before");
        }
        this.worker = new Thread(this::work, "conf-listen-handler");
        worker.setDaemon(true);
        worker.start();
        Limits limits = settings.limits();
        QueuedThreadPool threads = new QueuedThreadPool(limits.threads(), Math.min(4, limits.threads()));
        threads.setName("conf-listen-http");
        threads.setDaemon(true);
        server = new Server(threads);
        server.addBean(new ScheduledExecutorScheduler("conf-listen-scheduler", true));
        server.setStopTimeout(0);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        http.setRequestHeaderSize(8192);
        http.setIdleTimeout(limits.headers().toMillis());
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(settings.host().getHostAddress());
        connector.setPort(settings.port());
        connector.setIdleTimeout(limits.headers().toMillis());
        connector.setAcceptQueueSize(256);
        guard = new ConnectionGuard(limits.perPeer(), limits.headers(), this::log);
        connector.addBean(guard);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.connections(), connector));
        server.setHandler(new Receiver(settings, this::accept, guard, threads, this::log));
        server.setErrorHandler(new JsonErrors(this::log));
        try {
            server.start();
        } catch (Exception e) {
            closeQuietly();
            stopServer();
            if (e instanceof java.net.BindException || e.getCause() instanceof java.net.BindException) {
                throw new conftool.client.ConfException.PortInUse("cannot listen on " + settings.host()
                        .getHostAddress() + ":" + settings.port() + ": " + e.getMessage() + "; choose another --port");
            }
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Journals a webhook and queues it for the handler, unless it repeats one received lately. */
    private void accept(Webhook w) throws IOException {
        synchronized (repeats) {
            if (queue.size() >= MAX_WAITING) {
                // memory is bounded too: a sender that outruns the hooks is told to come back (Bandwidth retries)
                throw new IOException(queue.size() + " webhooks are waiting for the hooks; try again later");
            }
            Long earlier = repeats.earlier(w);
            if (earlier != null) {
                log("a repeat of webhook " + earlier + " (" + w.eventType() + " for " + w.conferenceId()
                        + "): answered, not handled again");
                return;
            }
            long seq = journal.append(w);
            repeats.remember(w, seq);
            queue.add(new Received(seq, w, false));
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** How many webhooks the handler has finished. */
    public long handled() {
        return handled;
    }

    private void work() {
        while (!stopping) {
            Received r;
            try {
                r = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (r == null) {
                continue;
            }
            try {
                if (!r.printed()) {
                    handler.print(r.webhook());
                    journal.printed(r.seq());
                }
                handler.process(r.webhook());
                journal.done(r.seq());
            } catch (OutputGone e) {
                log("the output was closed: webhook " + r.seq() + " and those after it stay in the journal for the next"
                        + " start");
                return;
            } catch (Stopped e) {
                log("stopped: webhook " + r.seq() + " and those after it stay in the journal for the next start");
                return;
            } catch (RuntimeException e) {
                // the same webhook would fail the same way at every start: it is moved aside, not retried for ever
                deadLetter(r, e);
                if (handler.ends(e)) {
                    stopping = true;
                    return;
                }
                continue;
            } catch (IOException e) {
                log("cannot mark webhook " + r.seq() + " in the journal: " + e.getMessage());
            }
            handled++;
        }
    }

    private void deadLetter(Received r, RuntimeException e) {
        String reason = e instanceof conftool.client.ConfException ? e.getMessage() : e.toString();
        String what = "webhook " + r.seq() + " (" + r.webhook().eventType() + " for " + r.webhook().conferenceId() + ")";
        try {
            Path file = journal.deadLetter(r.seq(), r.webhook(), reason);
            log(what + " could not be handled: " + reason + "; moved to " + file.toAbsolutePath());
        } catch (IOException | RuntimeException x) {
            log(what + " could not be handled: " + reason + ", nor moved to the dead-letter file ("
                    + x.getMessage() + "): it stays in the journal for the next start");
        }
    }

    private void log(String line) {
        synchronized (log) {
            // paths, types and reasons quote the request: a log line shows them, never obeys them
            log.println("conf: listen: " + Instant.now() + " " + conftool.output.Inert.text(line));
            log.flush();
        }
    }

    /**
     * Stops taking webhooks, lets the handler finish the one in hand (a hook may be running: nothing it uses may be
     * closed under it), then closes the journal. Webhooks accepted but not yet handled stay there for the next start.
     */
    @Override
    public void close() {
        stopServer();
        stopping = true;
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        journal.close();
    }

    /** Stops at once, leaving unhandled webhooks in the journal (what a crash does). */
    public void abort() {
        stopServer();
        worker.interrupt();
        journal.close();
    }

    private void stopServer() {
        try {
            server.stop();
        } catch (Exception e) {
            log("stopping the HTTP server: " + e);
        }
        guard.close();
    }

    private void closeQuietly() {
        stopping = true;
        worker.interrupt();
        journal.close();
    }
}
