package conftool.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import conftool.client.BasicAuth;
import jakarta.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulator's OAuth 2.0 token endpoint ({@code POST /api/v1/oauth2/token}), on a port of its own as Bandwidth's
 * is on a host of its own: the client credentials grant with the client id and secret as Basic authentication (or as
 * form fields), answering {@code access_token}, {@code token_type} and {@code expires_in}, or {@code invalid_client}
 * (401), {@code invalid_request} and {@code unsupported_grant_type} (400). Tokens expire on the simulator's clock;
 * tests may revoke them all and count the requests.
 */
public final class TokenIssuer implements AutoCloseable {

    public static final String PATH = "/api/v1/oauth2/token";
    private static final int MAX_BODY = 8 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final String clientId;
    private final String clientSecret;
    private final Duration ttl;
    private final Clock clock;
    private final Faults faults;
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final java.util.List<String> issued = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final SecureRandom random = new SecureRandom();
    private final String url;

    TokenIssuer(InetAddress host, String clientId, String clientSecret, Duration ttl, Clock clock, Faults faults)
            throws IOException {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.ttl = ttl;
        this.clock = clock;
        this.faults = faults;
        this.server = HttpServer.create(new InetSocketAddress(host, 0), 64);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "simulator-oauth");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        String h = host.getHostAddress();
        this.url = "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + server.getAddress().getPort() + PATH;
    }

    public String url() {
        return url;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    /** Every request the endpoint received, good or bad. */
    public int requests() {
        return requests.get();
    }

    /** Every token issued so far (the last thousand), revoked or not: tests look for them where they must not be. */
    public java.util.List<String> issued() {
        synchronized (issued) {
            return java.util.List.copyOf(issued);
        }
    }

    /** Every token issued so far stops working at once, as when a secret is rotated or a token revoked. */
    public void revokeAll() {
        tokens.clear();
    }

    /** Whether an API request carrying this Bearer token is let in. */
    boolean valid(String token) {
        Instant expires = tokens.get(token);
        return expires != null && clock.instant().isBefore(expires);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            requests.incrementAndGet();
            String path = ex.getRequestURI().getRawPath();
            Fault fault = faults.takeForToken(ex.getRequestMethod(), path);
            if (fault != null) {
                switch (fault.kind()) {
                    case DROP -> {
                        return;
                    }
                    case SLOW -> sleep(fault.delay());
                    case STATUS -> {
                        Map<String, String> headers = fault.retryAfter() == null ? Map.of()
                                : Map.of("Retry-After", fault.retryAfter());
                        String code = switch (fault.status()) {
                            case 400 -> "invalid_request";
                            case 401 -> "invalid_client";
                            case 429 -> "slow_down";
                            default -> "server_error";
                        };
                        send(ex, fault.status(), error(code, "Simulated failure"), headers);
                        return;
                    }
                    case BODY -> {
                        send(ex, 200, fault.body(), Map.of());
                        return;
                    }
                    case TRUNCATE -> {
                        // a token answer cut short reads as no answer at all
                        ex.sendResponseHeaders(200, 100);
                        ex.getResponseBody().write("{\"access".getBytes(StandardCharsets.UTF_8));
                        return;
                    }
                }
            }
            if (!path.equals(PATH)) {
                send(ex, 404, error("invalid_request", "No such endpoint"), Map.of());
                return;
            }
            if (!ex.getRequestMethod().equals("POST")) {
                send(ex, 405, error("invalid_request", "Use POST"), Map.of("Allow", "POST"));
                return;
            }
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
                send(ex, 400, error("invalid_request", "The body must be application/x-www-form-urlencoded"), Map.of());
                return;
            }
            Map<String, String> form = form(ex.getRequestBody());
            if (form == null) {
                send(ex, 400, error("invalid_request", "The body is too large"), Map.of());
                return;
            }
            if (!"client_credentials".equals(form.get("grant_type"))) {
                send(ex, 400, error("unsupported_grant_type", "Only grant_type=client_credentials is supported"),
                        Map.of());
                return;
            }
            if (!clientAuthenticated(ex.getRequestHeaders().getFirst("Authorization"), form)) {
                send(ex, 401, error("invalid_client", "Client authentication failed"),
                        Map.of("WWW-Authenticate", "Basic realm=\"Bandwidth OAuth\""));
                return;
            }
            byte[] raw = new byte[32];
            random.nextBytes(raw);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            Instant now = clock.instant();
            tokens.values().removeIf(expires -> !now.isBefore(expires));
            tokens.put(token, now.plus(ttl));
            synchronized (issued) {
                if (issued.size() >= 1000) {
                    issued.remove(0);
                }
                issued.add(token);
            }
            send(ex, 200, Json.createObjectBuilder().add("access_token", token).add("token_type", "Bearer")
                    .add("expires_in", Math.max(1, ttl.toSeconds())).build().toString(), Map.of());
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    /** The client id and secret as Basic authentication, or (without that header) as form fields. */
    private boolean clientAuthenticated(String header, Map<String, String> form) {
        if (header != null) {
            return BasicAuth.matches(header, clientId, clientSecret);
        }
        String id = form.get("client_id");
        String secret = form.get("client_secret");
        return id != null && secret != null && BasicAuth.same(id, clientId) & BasicAuth.same(secret, clientSecret);
    }

    /** The form fields, or null when the body is over the limit. */
    private static Map<String, String> form(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            return null;
        }
        Map<String, String> fields = new HashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.putIfAbsent(k, v);
        }
        return fields;
    }

    private static String error(String code, String description) {
        return Json.createObjectBuilder().add("error", code).add("error_description", description).build().toString();
    }

    private static void send(HttpExchange ex, int status, String json, Map<String, String> headers) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
