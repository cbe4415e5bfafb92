package conftool.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A local stand-in for the conference endpoints of the Bandwidth Voice API, on loopback, following the official
 * OpenAPI contract: OAuth 2.0 Bearer tokens from its own token endpoint ({@link TokenIssuer}, on another port) or
 * legacy Basic auth (401 with the API's error body), 403 for another account, 404 for unknown ids, 400 for
 * bad page sizes, times and bodies, 405 for wrong methods, 415 for wrong content types, an opaque {@code pageToken}
 * with a {@code Link} header, list results without members, member updates that change only the fields sent, and
 * {@code status: completed} that ends a conference. Paths sit under {@code /api/v2}, as in production.
 *
 * <pre>{@code
 * try (Simulator sim = Simulator.builder().credentials("user", "pass", "9900000").start()) {
 *     sim.baseUrl();            // http://127.0.0.1:PORT/api/v2
 *     sim.tokenUrl();           // http://127.0.0.1:OTHER_PORT/api/v1/oauth2/token, for sim.clientId()/clientSecret()
 *     sim.tokens().revokeAll(); // every token refused from now on
 *     sim.world().join(...);    // script the account
 *     sim.faults().add(Fault.tooManyRequests("1"));
 * }
 * }</pre>
 */
public final class Simulator implements AutoCloseable {

    private static final Set<String> BXML_VERBS =
            Set.of("PlayAudio", "SpeakSentence", "StartRecording", "StopRecording", "PauseRecording", "ResumeRecording");
    private static final int MAX_BODY = 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final String username;
    private final String password;
    private final String account;
    private final World world;
    private final Life life;
    private final Faults faults = new Faults();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final String baseUrl;
    private final WebhookSender webhooks = new WebhookSender(new PrintWriter(System.err, true));
    private final TokenIssuer tokens;
    private final boolean oauthOnly;
    private final java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.ScheduledExecutorService ticker;

    private Simulator(Builder b) throws IOException {
        this.username = b.username;
        this.password = b.password;
        this.account = b.account;
        this.oauthOnly = b.oauthOnly;
        // The JDK's server writes an answer's headers and body apart: with Nagle's algorithm on, the body waits for
        // the client's delayed ACK of the headers, 40 ms on every request over a kept-alive connection (a watch's).
        // Read once, when the JDK's first server starts; this process's servers all answer sooner for it.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        this.tokens = new TokenIssuer(b.host, b.clientId, b.clientSecret, b.tokenTtl, b.clock, faults);
        this.world = new World(b.clock, b.seed);
        this.life = new Life(world, b.seed);
        world.webhooks(webhooks);
        if (b.seedConference) {
            world.addSeedConference();
        }
        world.eventCredentials(b.eventUsername, b.eventPassword);
        life.populate(b.living, b.eventUrl);
        this.server = HttpServer.create(new InetSocketAddress(b.host, b.port), 128);
        this.executor = Executors.newFixedThreadPool(b.threads, r -> {
            Thread t = new Thread(r, "simulator-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        this.ticker = b.tick == null ? null : startTicker(b.tick);
        String host = b.host.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        this.baseUrl = "http://" + host + ":" + server.getAddress().getPort() + "/api/v2";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where clients point {@code --base-url}: {@code http://127.0.0.1:PORT/api/v2}. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public String accountId() {
        return account;
    }

    /** The token endpoint's URL, for {@code CONF_TOKEN_URL}. */
    public String tokenUrl() {
        return tokens.url();
    }

    public String clientId() {
        return tokens.clientId();
    }

    public String clientSecret() {
        return tokens.clientSecret();
    }

    /** The token endpoint: count its requests, revoke every token. */
    public TokenIssuer tokens() {
        return tokens;
    }

    public World world() {
        return world;
    }

    public Life life() {
        return life;
    }

    public Faults faults() {
        return faults;
    }

    /** Every request line received ({@code METHOD /path?query}), oldest first: tests prove what was, or was not, sent. */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** How many API requests were refused for their credentials (401): an expired or revoked token, a bad password. */
    public int refusals() {
        return refusals.get();
    }

    /** Waits until the webhooks of everything that happened so far have been delivered. */
    public void drainWebhooks() {
        webhooks.drain();
    }

    /** Plays life on a thread of its own, so that conferences change (and send webhooks) with nobody polling. */
    private java.util.concurrent.ScheduledExecutorService startTicker(Duration every) {
        var t = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "simulator-life");
            thread.setDaemon(true);
            return thread;
        });
        t.scheduleAtFixedRate(() -> {
            try {
                life.catchUp();
            } catch (RuntimeException e) {
                // a failed step must not end life for good: the next tick plays on
                System.err.println("simulator: life step failed: " + e);
            }
        }, every.toNanos(), every.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        return t;
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        server.stop(0);
        executor.shutdownNow();
        tokens.close();
        webhooks.close();
    }

    /** One answer: status, content type, extra headers, body. */
    private record Answer(int status, String contentType, Map<String, String> headers, byte[] body) {
        static Answer json(int status, JsonValue value) {
            return new Answer(status, "application/json;charset=UTF-8", Map.of(),
                    SimJson.write(value).getBytes(StandardCharsets.UTF_8));
        }

        static Answer empty() {
            return new Answer(204, null, Map.of(), null);
        }

        static Answer error(int status, String type, String description) {
            return json(status, SimJson.error(type, description));
        }

        Answer with(String header, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(header, value);
            return new Answer(status, contentType, h, body);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            URI uri = ex.getRequestURI();
            requests.add(method + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            Fault fault = faults.take(method, uri.getRawPath());
            boolean truncate = false;
            if (fault != null) {
                switch (fault.kind()) {
                    case DROP -> {
                        return;
                    }
                    case SLOW -> sleep(fault.delay());
                    case TRUNCATE -> truncate = true;
                    case STATUS -> {
                        send(ex, faultAnswer(fault), false);
                        return;
                    }
                    case BODY -> {
                        send(ex, new Answer(200, "application/json;charset=UTF-8", Map.of(),
                                fault.body().getBytes(StandardCharsets.UTF_8)), false);
                        return;
                    }
                }
            }
            Answer answer;
            try {
                answer = answer(ex, method, uri);
            } catch (RuntimeException e) {
                answer = Answer.error(500, "internal-error", "The simulator failed: " + e);
            }
            send(ex, answer, truncate);
        } catch (IOException e) {
            // The client went away or the fault closed the connection: nothing to answer.
        }
    }

    private static Answer faultAnswer(Fault fault) {
        int s = fault.status();
        Answer a = switch (s) {
            case 429 -> Answer.error(429, "error", "Too many requests");
            case 401 -> Answer.error(401, "authentication-error", "Authentication failed");
            case 403 -> Answer.error(403, "authorization-error", "Access denied");
            case 404 -> Answer.error(404, "validation", "Not found");
            default -> s >= 500 ? Answer.error(s, "internal-error", "An internal error occurred")
                    : Answer.error(s, "validation", "Request failed");
        };
        return fault.retryAfter() == null ? a : a.with("Retry-After", fault.retryAfter());
    }

    private void send(HttpExchange ex, Answer a, boolean truncate) throws IOException {
        if (a.contentType() != null) {
            ex.getResponseHeaders().set("Content-Type", a.contentType());
        }
        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        byte[] body = a.body();
        if (body == null || body.length == 0 || ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(a.status(), -1);
            return;
        }
        ex.sendResponseHeaders(a.status(), body.length);
        OutputStream out = ex.getResponseBody();
        out.write(body, 0, truncate ? body.length / 2 : body.length);
        out.flush();
    }

    private Answer answer(HttpExchange ex, String method, URI uri) throws IOException {
        String path = uri.getRawPath();
        if (!path.startsWith("/api/v2/")) {
            return Answer.error(404, "validation", "Resource [" + path + "] not found");
        }
        if (!authenticated(ex.getRequestHeaders().getFirst("Authorization"))) {
            refusals.incrementAndGet();
            Answer refused = Answer.error(401, "authentication-error", oauthOnly
                    ? "Unable to authenticate: missing, expired or invalid Bearer token"
                    : "Unable to authenticate: missing or invalid credentials (a Bearer token, or Basic)")
                    .with("WWW-Authenticate", "Bearer realm=\"Bandwidth Voice API\"");
            return oauthOnly ? refused : refused.with("WWW-Authenticate", "Basic realm=\"Bandwidth Voice API\"");
        }
        List<String> seg = new ArrayList<>();
        for (String s : path.substring("/api/v2/".length()).split("/", -1)) {
            seg.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
        }
        if (seg.size() < 3 || !seg.get(0).equals("accounts") || !seg.get(2).equals("conferences")) {
            return Answer.error(404, "validation", "Resource [" + path + "] not found");
        }
        if (!seg.get(1).equals(account)) {
            return Answer.error(403, "authorization-error",
                    "These credentials are not authorized for account [" + seg.get(1) + "]");
        }
        life.catchUp();
        List<String> rest = seg.subList(3, seg.size());
        Map<String, String> query = query(uri.getRawQuery());
        synchronized (world) {
            return switch (rest.size()) {
                case 0 -> only(method, "GET") ? list(query) : notAllowed("GET");
                case 1 -> switch (method) {
                    case "GET" -> getConference(rest.get(0));
                    case "POST" -> updateConference(ex, rest.get(0));
                    default -> notAllowed("GET, POST");
                };
                case 2 -> switch (rest.get(1)) {
                    case "bxml" -> only(method, "PUT") ? updateBxml(ex, rest.get(0)) : notAllowed("PUT");
                    case "recordings" -> only(method, "GET") ? recordings(rest.get(0)) : notAllowed("GET");
                    default -> notFound(path);
                };
                case 3 -> switch (rest.get(1)) {
                    case "members" -> switch (method) {
                        case "GET" -> getMember(rest.get(0), rest.get(2));
                        case "PUT" -> updateMember(ex, rest.get(0), rest.get(2));
                        default -> notAllowed("GET, PUT");
                    };
                    case "recordings" -> only(method, "GET") ? recording(rest.get(0), rest.get(2)) : notAllowed("GET");
                    default -> notFound(path);
                };
                case 4 -> rest.get(1).equals("recordings") && rest.get(3).equals("media")
                        ? (only(method, "GET") ? media(rest.get(0), rest.get(2)) : notAllowed("GET"))
                        : notFound(path);
                default -> notFound(path);
            };
        }
    }

    private boolean authenticated(String header) {
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return tokens.valid(header.substring(7).trim());
        }
        return !oauthOnly && conftool.client.BasicAuth.matches(header, username, password);
    }

    private static boolean only(String method, String allowed) {
        return method.equals(allowed);
    }

    private static Answer notAllowed(String allow) {
        return Answer.error(405, "validation", "Method not allowed; this resource allows " + allow)
                .with("Allow", allow);
    }

    private static Answer notFound(String path) {
        return Answer.error(404, "validation", "Resource [" + path + "] not found");
    }

    private static Answer conferenceNotFound(String id) {
        return Answer.error(404, "validation", "Conference [" + id + "] not found");
    }

    // ---- list -------------------------------------------------------------------------------------------------

    private Answer list(Map<String, String> query) {
        int pageSize = 1000;
        String size = query.get("pageSize");
        if (size != null) {
            try {
                pageSize = Integer.parseInt(size);
            } catch (NumberFormatException e) {
                return Answer.error(400, "validation", "pageSize [" + size + "] must be an integer from 1 to 1000");
            }
            if (pageSize < 1 || pageSize > 1000) {
                return Answer.error(400, "validation", "pageSize [" + size + "] must be between 1 and 1000");
            }
        }
        Instant min;
        Instant max;
        try {
            min = instant(query.get("minCreatedTime"));
            max = instant(query.get("maxCreatedTime"));
        } catch (DateTimeParseException e) {
            return Answer.error(400, "validation", "minCreatedTime and maxCreatedTime must be ISO 8601 date-times,"
                    + " e.g. 2022-06-17T22:19:40.375Z");
        }
        Cursor after = null;
        String token = query.get("pageToken");
        if (token != null) {
            after = Cursor.decode(token);
            if (after == null) {
                return Answer.error(400, "validation", "pageToken [" + token + "] is invalid");
            }
        }
        String name = query.get("name");
        List<SimConference> matches = new ArrayList<>();
        for (SimConference c : world.sorted()) {
            if ((name == null || name.equals(c.name))
                    && (min == null || !c.createdTime.isBefore(min))
                    && (max == null || !c.createdTime.isAfter(max))
                    && (after == null || after.isBefore(c))) {
                matches.add(c);
            }
        }
        JsonArrayBuilder page = SimJson.JSON.createArrayBuilder();
        List<SimConference> shown = matches.subList(0, Math.min(pageSize, matches.size()));
        shown.forEach(c -> page.add(SimJson.conference(c, baseUrl, account, false)));
        Answer a = Answer.json(200, page.build());
        if (matches.size() > shown.size()) {
            SimConference lastShown = shown.get(shown.size() - 1);
            Map<String, String> next = new LinkedHashMap<>();
            for (String k : List.of("name", "minCreatedTime", "maxCreatedTime", "pageSize")) {
                if (query.get(k) != null) {
                    next.put(k, query.get(k));
                }
            }
            next.put("pageToken", new Cursor(lastShown.createdTime, lastShown.id).encode());
            StringBuilder link = new StringBuilder(baseUrl + "/accounts/" + account + "/conferences?");
            next.forEach((k, v) -> link.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8))
                    .append('&'));
            link.setLength(link.length() - 1);
            a = a.with("Link", "<" + link + ">; rel=\"next\"");
        }
        return a;
    }

    private static Instant instant(String s) {
        if (s == null) {
            return null;
        }
        return OffsetDateTime.parse(s).toInstant();
    }

    /** The opaque page token: where the previous page stopped, base64url-encoded. */
    private record Cursor(Instant createdTime, String id) {
        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("v1|" + createdTime + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String token) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|");
                if (parts.length != 3 || !parts[0].equals("v1")) {
                    return null;
                }
                return new Cursor(Instant.parse(parts[1]), parts[2]);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                return null;
            }
        }

        boolean isBefore(SimConference c) {
            int cmp = createdTime.compareTo(c.createdTime);
            return cmp < 0 || (cmp == 0 && id.compareTo(c.id) < 0);
        }
    }

    // ---- one conference ---------------------------------------------------------------------------------------

    private Answer getConference(String id) {
        SimConference c = world.find(id);
        return c == null ? conferenceNotFound(id) : Answer.json(200, SimJson.conference(c, baseUrl, account, true));
    }

    private Answer updateConference(HttpExchange ex, String id) throws IOException {
        Answer bad = requireContentType(ex, "application/json");
        if (bad != null) {
            return bad;
        }
        SimConference c = world.find(id);
        if (c == null) {
            return conferenceNotFound(id);
        }
        JsonValue body;
        try {
            body = readJson(ex);
        } catch (BadRequest e) {
            return e.answer;
        }
        if (!(body instanceof JsonObject o)) {
            return Answer.error(400, "validation", "The request body must be a JSON object");
        }
        String status;
        try {
            status = optionalEnum(o, "status", Set.of("active", "completed"));
            optionalEnum(o, "redirectMethod", Set.of("GET", "POST"));
            optionalEnum(o, "redirectFallbackMethod", Set.of("GET", "POST"));
            optionalUri(o, "redirectUrl");
            optionalUri(o, "redirectFallbackUrl");
            for (String f : List.of("username", "password", "fallbackUsername", "fallbackPassword")) {
                String v = optionalString(o, f);
                if (v != null && v.length() > 1024) {
                    throw new BadRequest(f + " must be at most 1024 characters");
                }
            }
        } catch (BadRequest e) {
            return e.answer;
        }
        boolean completing = "completed".equals(status);
        if (completing) {
            for (String f : List.of("redirectUrl", "redirectMethod", "redirectFallbackUrl", "redirectFallbackMethod")) {
                if (o.containsKey(f) && !o.isNull(f)) {
                    return Answer.error(400, "validation", f + " is not allowed when status is completed");
                }
            }
        } else if (!o.containsKey("redirectUrl") || o.isNull("redirectUrl")) {
            return Answer.error(400, "validation", "redirectUrl is required when status is active");
        }
        if (!c.active()) {
            return Answer.error(404, "validation", "Conference [" + id + "] has completed and can no longer be updated");
        }
        if (completing) {
            world.complete(id);
        }
        return Answer.empty();
    }

    private Answer updateBxml(HttpExchange ex, String id) throws IOException {
        Answer bad = requireContentType(ex, "application/xml");
        if (bad != null) {
            return bad;
        }
        SimConference c = world.find(id);
        if (c == null) {
            return conferenceNotFound(id);
        }
        byte[] body = ex.getRequestBody().readNBytes(64 * 1024 + 1);
        if (body.length > 64 * 1024) {
            return Answer.error(400, "validation", "BXML documents may be at most 64 KB");
        }
        Element root;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            var parser = f.newDocumentBuilder();
            parser.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
            root = parser.parse(new ByteArrayInputStream(body)).getDocumentElement();
        } catch (Exception e) {
            return Answer.error(400, "validation", "The BXML is not well-formed XML: " + e.getMessage());
        }
        if (!root.getTagName().equals("Bxml")) {
            return Answer.error(400, "validation", "The BXML root element must be <Bxml>");
        }
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && !BXML_VERBS.contains(e.getTagName())) {
                return Answer.error(400, "validation", "The verb <" + e.getTagName()
                        + "> is not allowed in conference BXML; allowed: " + String.join(", ", BXML_VERBS));
            }
        }
        if (!c.active()) {
            return Answer.error(404, "validation", "Conference [" + id + "] has completed and can no longer be updated");
        }
        return Answer.empty();
    }

    // ---- members ----------------------------------------------------------------------------------------------

    private Answer getMember(String confId, String callId) {
        SimConference c = world.find(confId);
        if (c == null) {
            return conferenceNotFound(confId);
        }
        SimMember m = c.members.get(callId);
        return m == null ? Answer.error(404, "validation", "Conference member [" + callId + "] not found")
                : Answer.json(200, SimJson.member(c, m, baseUrl, account));
    }

    private Answer updateMember(HttpExchange ex, String confId, String callId) throws IOException {
        Answer bad = requireContentType(ex, "application/json");
        if (bad != null) {
            return bad;
        }
        SimConference c = world.find(confId);
        if (c == null) {
            return conferenceNotFound(confId);
        }
        SimMember m = c.members.get(callId);
        if (m == null) {
            return Answer.error(404, "validation", "Conference member [" + callId + "] not found");
        }
        JsonValue body;
        try {
            body = readJson(ex);
        } catch (BadRequest e) {
            return e.answer;
        }
        if (!(body instanceof JsonObject o)) {
            return Answer.error(400, "validation", "The request body must be a JSON object");
        }
        Boolean mute;
        Boolean hold;
        List<String> coach = null;
        try {
            mute = optionalBoolean(o, "mute");
            hold = optionalBoolean(o, "hold");
            if (o.containsKey("callIdsToCoach") && !o.isNull("callIdsToCoach")) {
                if (o.get("callIdsToCoach").getValueType() != JsonValue.ValueType.ARRAY) {
                    throw new BadRequest("callIdsToCoach must be an array of call ids");
                }
                coach = new ArrayList<>();
                for (JsonValue v : o.getJsonArray("callIdsToCoach")) {
                    if (!(v instanceof JsonString s)) {
                        throw new BadRequest("callIdsToCoach must be an array of call ids");
                    }
                    coach.add(s.getString());
                }
            }
        } catch (BadRequest e) {
            return e.answer;
        }
        if (coach != null && !coach.isEmpty()) {
            for (SimMember other : c.members.values()) {
                if (other != m && !other.callIdsToCoach.isEmpty()) {
                    return Answer.error(400, "validation", "Only one coach is allowed per conference; member ["
                            + other.callId + "] is coaching");
                }
            }
        }
        if (mute != null) {
            m.mute = mute;
        }
        if (hold != null) {
            m.hold = hold;
        }
        if (coach != null) {
            m.callIdsToCoach = coach;
        }
        return Answer.empty();
    }

    // ---- recordings -------------------------------------------------------------------------------------------

    private Answer recordings(String confId) {
        if (world.find(confId) == null) {
            return conferenceNotFound(confId);
        }
        JsonArrayBuilder list = SimJson.JSON.createArrayBuilder();
        world.recordingsOf(confId).forEach(r -> list.add(SimJson.recording(r, baseUrl, account)));
        return Answer.json(200, list.build());
    }

    private Answer recording(String confId, String recId) {
        SimRecording r = findRecording(confId, recId);
        return r == null ? recordingNotFound(confId, recId) : Answer.json(200, SimJson.recording(r, baseUrl, account));
    }

    private Answer media(String confId, String recId) {
        SimRecording r = findRecording(confId, recId);
        if (r == null) {
            return recordingNotFound(confId, recId);
        }
        if (!r.downloadable()) {
            return Answer.error(404, "validation", "Recording [" + recId + "] has no media yet (status "
                    + r.status() + ")");
        }
        return new Answer(200, r.fileFormat().equals("wav") ? "audio/vnd.wave" : "audio/mpeg", Map.of(), r.media());
    }

    private SimRecording findRecording(String confId, String recId) {
        SimRecording r = world.recording(recId);
        return r != null && r.conferenceId().equals(confId) ? r : null;
    }

    private Answer recordingNotFound(String confId, String recId) {
        return world.find(confId) == null ? conferenceNotFound(confId)
                : Answer.error(404, "validation", "Recording [" + recId + "] not found");
    }

    // ---- request bodies ---------------------------------------------------------------------------------------

    /** A 400 found while reading a body, carried out of the validation helpers. */
    private static final class BadRequest extends Exception {
        final Answer answer;

        BadRequest(String description) {
            super(description, null, false, false);
            this.answer = Answer.error(400, "validation", description);
        }
    }

    private static Answer requireContentType(HttpExchange ex, String expected) {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        String mediaType = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals(expected)) {
            return Answer.error(415, "validation", "Content-Type [" + (type == null ? "none" : type)
                    + "] is not supported; send " + expected);
        }
        return null;
    }

    private static JsonValue readJson(HttpExchange ex) throws IOException, BadRequest {
        InputStream in = ex.getRequestBody();
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new BadRequest("The request body is too large");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw new BadRequest("A request body is required");
        }
        try {
            return SimJson.read(text);
        } catch (JsonParsingException e) {
            throw new BadRequest("The request body is not valid JSON: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new BadRequest("The request body is not valid JSON");
        }
    }

    private static Boolean optionalBoolean(JsonObject o, String field) throws BadRequest {
        if (!o.containsKey(field)) {
            return null;
        }
        JsonValue v = o.get(field);
        if (v == JsonValue.TRUE) {
            return true;
        }
        if (v == JsonValue.FALSE) {
            return false;
        }
        throw new BadRequest(field + " must be true or false");
    }

    private static String optionalString(JsonObject o, String field) throws BadRequest {
        if (!o.containsKey(field) || o.isNull(field)) {
            return null;
        }
        if (!(o.get(field) instanceof JsonString s)) {
            throw new BadRequest(field + " must be a string");
        }
        return s.getString();
    }

    private static String optionalEnum(JsonObject o, String field, Set<String> allowed) throws BadRequest {
        String v = optionalString(o, field);
        if (v != null && !allowed.contains(v)) {
            throw new BadRequest(field + " [" + v + "] must be one of " + String.join(", ", allowed));
        }
        return v;
    }

    private static void optionalUri(JsonObject o, String field) throws BadRequest {
        String v = optionalString(o, field);
        if (v == null) {
            return;
        }
        try {
            URI u = new URI(v);
            if (!u.isAbsolute() || u.getHost() == null) {
                throw new BadRequest(field + " [" + v + "] must be an absolute URL");
            }
        } catch (java.net.URISyntaxException e) {
            throw new BadRequest(field + " [" + v + "] is not a valid URL");
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.putIfAbsent(k, v);
        }
        return q;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Settings for a simulator; the defaults give a random port, made-up credentials and the seed conference. */
    public static final class Builder {
        private InetAddress host = InetAddress.getLoopbackAddress();
        private int port;
        private String username;
        private String password;
        private String account = "9900000";
        private Clock clock = Clock.systemUTC();
        private long seed = 42;
        private int living;
        private boolean seedConference = true;
        private int threads = 8;
        private String eventUrl;
        private String eventUsername;
        private String eventPassword;
        private Duration tick;
        private String clientId;
        private String clientSecret;
        private Duration tokenTtl = Duration.ofHours(1);
        private boolean oauthOnly;

        /** The client id and secret its token endpoint accepts (made up when not given). */
        public Builder clientCredentials(String clientId, String clientSecret) {
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            return this;
        }

        /** How long its tokens live, on the simulator's clock (default an hour, as Bandwidth's). */
        public Builder tokenTtl(Duration ttl) {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("a token must live more than 0 s");
            }
            this.tokenTtl = ttl;
            return this;
        }

        /** Refuses Basic authentication, as Bandwidth will once API users are gone: Bearer tokens only. */
        public Builder oauthOnly(boolean on) {
            this.oauthOnly = on;
            return this;
        }

        /**
         * Plays the living conferences' life every {@code every} on its own thread, as {@code conf simulate} does:
         * they change and send webhooks with nobody polling. Without it life catches up when a request arrives,
         * which keeps a test's {@link ManualClock} in charge.
         */
        public Builder tick(Duration every) {
            this.tick = every;
            return this;
        }

        /** Where the living conferences send their webhooks (loopback http only), with these credentials if set. */
        public Builder webhooks(String url, String username, String password) {
            this.eventUrl = url;
            this.eventUsername = username;
            this.eventPassword = password;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Binds to another loopback address; anything off the machine is refused. */
        public Builder host(InetAddress host) {
            if (!host.isLoopbackAddress()) {
                throw new IllegalArgumentException("the simulator listens on loopback only, not " + host);
            }
            this.host = host;
            return this;
        }

        public Builder credentials(String username, String password, String account) {
            this.username = username;
            this.password = password;
            this.account = account;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** How many conferences live on their own (members come, go, mute, hold) as the clock moves. */
        public Builder livingConferences(int n) {
            this.living = n;
            return this;
        }

        public Builder seedConference(boolean on) {
            this.seedConference = on;
            return this;
        }

        public Builder threads(int n) {
            this.threads = n;
            return this;
        }

        public Simulator start() throws IOException {
            SecureRandom r = new SecureRandom();
            if (username == null) {
                username = "sim-" + Long.toHexString(r.nextLong() & 0xffffffL);
                password = Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong());
            }
            if (clientId == null) {
                clientId = "sim-client-" + Long.toHexString(r.nextLong() & 0xffffffL);
                clientSecret = Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong());
            }
            return new Simulator(this);
        }
    }
}
