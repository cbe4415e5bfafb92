package conftool.listen;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Receives Bandwidth's conference webhooks. A request is checked (method, path, size, credentials, body), journalled
 * and forced to disk, answered 204 at once, and only then handed to the handler on its own thread, in arrival
 * order. Bandwidth's Basic-auth handshake is followed: a request without credentials gets 401 with
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
     */
    public record Settings(InetAddress host, int port, String path, String username, String password, Path journal,
            int maxBody) {
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

    private final Settings settings;
    private final Handler handler;
    private final PrintWriter log;
    private final Journal journal;
    private final BlockingQueue<Received> queue = new LinkedBlockingQueue<>();
    private final HttpServer server;
    private final ExecutorService http = Executors.newFixedThreadPool(4, daemon("conf-listen-http"));
    private final Thread worker;
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
        }
        if (!queue.isEmpty()) {
            log("replaying " + queue.size() + " webhook(s) journalled but not handled before");
        }
        this.worker = daemon("conf-listen-handler").newThread(this::work);
        worker.start();
        this.server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 256);
        server.setExecutor(http);
        server.createContext("/", this::receive);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** How many webhooks the handler has finished. */
    public long handled() {
        return handled;
    }

    private void receive(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            if (!path.equals(settings.path())) {
                refuse(ex, 404, "no webhooks at " + path + "; they go to " + settings.path());
                return;
            }
            if (!method.equals("POST") && !method.equals("GET")) {
                ex.getResponseHeaders().set("Allow", "POST, GET");
                refuse(ex, 405, method + " is not a webhook method");
                return;
            }
            if (settings.username() != null) {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                if (auth == null) {
                    // the first half of Bandwidth's handshake: no credentials yet, so ask for them
                    ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"conf\", charset=\"UTF-8\"");
                    ex.sendResponseHeaders(401, -1);
                    return;
                }
                if (!authorized(auth)) {
                    ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"conf\", charset=\"UTF-8\"");
                    refuse(ex, 401, "wrong webhook credentials");
                    return;
                }
            }
            Webhook w;
            try {
                if (method.equals("GET")) {
                    w = WebhookParser.fromQuery(ex.getRequestURI().getRawQuery());
                } else {
                    String type = ex.getRequestHeaders().getFirst("Content-Type");
                    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                        refuse(ex, 415, "a POST webhook must be application/json, not " + type);
                        return;
                    }
                    byte[] body = ex.getRequestBody().readNBytes(settings.maxBody() + 1);
                    if (body.length > settings.maxBody()) {
                        refuse(ex, 413, "body larger than " + settings.maxBody() + " bytes");
                        return;
                    }
                    w = WebhookParser.fromJson(new String(body, StandardCharsets.UTF_8));
                }
            } catch (WebhookParser.Refused r) {
                refuse(ex, r.status, r.getMessage());
                return;
            }
            long seq;
            try {
                seq = journal.append(w);
            } catch (IOException e) {
                // not durable, so not accepted: Bandwidth will retry
                refuse(ex, 503, "cannot journal the webhook: " + e.getMessage());
                return;
            }
            ex.sendResponseHeaders(204, -1);
            queue.add(new Received(seq, w, false));
        }
    }

    private boolean authorized(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon >= 0
                & MessageDigest.isEqual(decoded.substring(0, Math.max(colon, 0)).getBytes(StandardCharsets.UTF_8),
                        settings.username().getBytes(StandardCharsets.UTF_8))
                & MessageDigest.isEqual(decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8),
                        settings.password().getBytes(StandardCharsets.UTF_8));
    }

    private void refuse(HttpExchange ex, int status, String why) throws IOException {
        byte[] body = ("{\"error\":\"" + why.replace("\\", "\\\\").replace("\"", "'") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
        log(status + " to " + ex.getRemoteAddress().getAddress().getHostAddress() + " " + ex.getRequestMethod() + " "
                + ex.getRequestURI().getPath() + ": " + why);
    }

    private void work() {
        while (!stopping || !queue.isEmpty()) {
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
            } catch (RuntimeException e) {
                log("handling " + r.webhook().eventType() + " for " + r.webhook().conferenceId() + " failed: " + e
                        + " (kept in the journal for the next start)");
                continue;
            } catch (IOException e) {
                log("cannot mark webhook " + r.seq() + " in the journal: " + e.getMessage());
            }
            handled++;
        }
    }

    private void log(String line) {
        synchronized (log) {
            // paths, types and reasons quote the request: a log line shows them, never obeys them
            log.println("conf: listen: " + Instant.now() + " " + conftool.output.Inert.text(line));
            log.flush();
        }
    }

    /** Stops taking webhooks, hands over those already accepted, then closes the journal. */
    @Override
    public void close() {
        server.stop(0);
        http.shutdownNow();
        stopping = true;
        try {
            worker.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        journal.close();
    }

    /** Stops at once, leaving unhandled webhooks in the journal (what a crash does). */
    public void abort() {
        server.stop(0);
        http.shutdownNow();
        worker.interrupt();
        journal.close();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
