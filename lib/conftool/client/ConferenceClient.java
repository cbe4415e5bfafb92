package conftool.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import conftool.model.Conference;
import conftool.model.ConferenceFilter;
import conftool.model.ConferenceMember;
import conftool.model.ConferenceRecording;
import conftool.model.ConferenceUpdate;
import conftool.model.MemberUpdate;
import feign.Client;
import feign.Feign;
import feign.FeignException;
import feign.Logger;
import feign.Request;
import feign.RequestInterceptor;
import feign.Response;
import feign.RetryableException;
import feign.TypedResponse;
import feign.auth.BasicAuthRequestInterceptor;
import feign.codec.Encoder;
import feign.jackson.JacksonEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The conference API for callers: ids checked before any request, pages followed, failures as {@link ConfException}s.
 * Built once per process; thread-safe.
 *
 * <pre>{@code
 * var client = ConferenceClient.builder().credentials(creds).build();
 * Conference c = client.conference("conf-…");
 * }</pre>
 */
public final class ConferenceClient {

    private final ConferencesApi api;
    private final String account;
    private final URI base;
    private final int maxAttempts;
    private final BandwidthErrorDecoder errors;

    private ConferenceClient(ConferencesApi api, String account, URI base, int maxAttempts,
            BandwidthErrorDecoder errors) {
        this.api = api;
        this.errors = errors;
        this.account = account;
        this.base = base;
        this.maxAttempts = maxAttempts;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String account() {
        return account;
    }

    public String baseUrl() {
        return base.toString();
    }

    public Conference conference(String conferenceId) {
        Answer answer = conference(conferenceId, null);
        return answer == null ? null : answer.conference();
    }

    /**
     * A conference with the bytes it was read from. Polls of a conference mostly get the same answer as the last
     * time: an answer byte for byte {@code last}'s is {@code last} itself, not read again (nor, by a caller that
     * checks identity, compared again). Null for an empty answer.
     */
    public Answer conference(String conferenceId, Answer last) {
        String id = Ids.check("conference id", conferenceId);
        byte[] body = call(() -> api.getConference(account, id));
        if (body == null) {
            return null;
        }
        if (last != null && java.util.Arrays.equals(body, last.body)) {
            return last;
        }
        try {
            return new Answer(ResponseBodies.MAPPER.readValue(body, Conference.class), body);
        } catch (IOException e) {
            throw unreadable(" to GET " + base + "/accounts/" + account + "/conferences/" + id, e);
        }
    }

    /** A conference as read from an answer, and the answer's bytes (not to be changed). */
    public static final class Answer {
        private final Conference conference;
        private final byte[] body;

        private Answer(Conference conference, byte[] body) {
            this.conference = conference;
            this.body = body;
        }

        public Conference conference() {
            return conference;
        }
    }

    /**
     * The account's conferences, oldest first, fetched page by page as the stream is consumed; every
     * {@code Link: rel="next"} is followed. List results carry no members.
     */
    public Stream<Conference> conferences(ConferenceFilter filter, Integer pageSize) {
        if (pageSize != null && (pageSize < 1 || pageSize > 1000)) {
            throw new ConfException.InvalidInput("page size " + pageSize + " is out of range: the API takes 1 to 1000");
        }
        ConferenceFilter f = filter == null ? ConferenceFilter.all() : filter;
        Iterator<Conference> pages = new PageIterator(() -> api.listConferences(account, f.name(),
                f.minCreatedTime() == null ? null : f.minCreatedTime().toString(),
                f.maxCreatedTime() == null ? null : f.maxCreatedTime().toString(), pageSize, null));
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED), false);
    }

    public ConferenceMember member(String conferenceId, String callId) {
        String conf = Ids.check("conference id", conferenceId);
        String call = Ids.check("call id", callId);
        return call(() -> api.getConferenceMember(account, conf, call));
    }

    /** Changes only the fields the update sets; never retried unless the connection was never made. */
    public void updateMember(String conferenceId, String callId, MemberUpdate update) {
        String conf = Ids.check("conference id", conferenceId);
        String call = Ids.check("call id", callId);
        if (update == null || update.isEmpty()) {
            throw new ConfException.InvalidInput("nothing to change: give mute, hold or callIdsToCoach");
        }
        if (update.callIdsToCoach() != null) {
            update.callIdsToCoach().forEach(id -> Ids.check("call id to coach", id));
        }
        call(() -> {
            api.updateConferenceMember(account, conf, call, update);
            return null;
        });
    }

    public void updateConference(String conferenceId, ConferenceUpdate update) {
        String conf = Ids.check("conference id", conferenceId);
        call(() -> {
            api.updateConference(account, conf, update);
            return null;
        });
    }

    /** Ends the conference: the API ejects every member and sets {@code completedTime}. */
    public void endConference(String conferenceId) {
        updateConference(conferenceId, ConferenceUpdate.complete());
    }

    /** Replaces the conference's BXML (PlayAudio, SpeakSentence and recording verbs only). */
    public void updateBxml(String conferenceId, String bxml) {
        String conf = Ids.check("conference id", conferenceId);
        call(() -> {
            api.updateConferenceBxml(account, conf, bxml);
            return null;
        });
    }

    public List<ConferenceRecording> recordings(String conferenceId) {
        String conf = Ids.check("conference id", conferenceId);
        List<ConferenceRecording> list = call(() -> api.listConferenceRecordings(account, conf));
        return list == null ? List.of() : list;
    }

    public ConferenceRecording recording(String conferenceId, String recordingId) {
        String conf = Ids.check("conference id", conferenceId);
        String rec = Ids.check("recording id", recordingId);
        return call(() -> api.getConferenceRecording(account, conf, rec));
    }

    /** What {@link #download} wrote. */
    public record Download(Path file, long bytes, String contentType) {
    }

    /**
     * Streams a recording's audio into {@code target}. The file appears whole or not at all: the audio goes to a
     * temporary file beside it, which is moved into place once complete. An existing file is kept unless
     * {@code overwrite}. A broken transfer is retried like any GET.
     */
    public Download download(String conferenceId, String recordingId, Path target, boolean overwrite) {
        String conf = Ids.check("conference id", conferenceId);
        String rec = Ids.check("recording id", recordingId);
        if (Files.exists(target) && !overwrite) {
            throw new ConfException.InvalidInput(target + " already exists; choose another file or pass --force");
        }
        Path dir = target.toAbsolutePath().getParent();
        // said before the request, in the words of the file asked for, not of the temporary file beside it
        if (!Files.isDirectory(dir)) {
            throw new ConfException.InvalidInput("cannot write " + target + ": the folder " + dir + " does not exist;"
                    + " create it first or choose another --file");
        }
        if (!Files.isWritable(dir)) {
            throw new ConfException.InvalidInput("cannot write " + target + ": the folder " + dir + " is not writable;"
                    + " choose another --file");
        }
        boolean freshToken = false;
        for (int attempt = 1; ; attempt++) {
            Path tmp = null;
            try (Response response = call(() -> api.downloadConferenceRecording(account, conf, rec))) {
                if (response.status() >= 300 || response.body() == null) {
                    // Feign hands a raw Response back without its error decoder (nor its retryer): apply it here.
                    Exception error = errors.decode("download", response);
                    if (!freshToken && error instanceof RetryableException refused
                            && BandwidthRetryer.isTokenRefusal(refused)) {
                        freshToken = true;
                        attempt--;
                        continue;
                    }
                    throw error.getCause() instanceof ConfException typed ? typed
                            : error instanceof ConfException typed ? typed
                            : new ConfException.UnreadableAnswer("the recording's media answered "
                                    + response.status(), error);
                }
                tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
                long bytes;
                try (InputStream in = response.body().asInputStream()) {
                    bytes = Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                BufferingClient.checkLength(response.headers(), bytes);
                Files.move(tmp, target, overwrite
                        ? new StandardCopyOption[] {StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE}
                        : new StandardCopyOption[] {StandardCopyOption.ATOMIC_MOVE});
                return new Download(target, bytes, header(response.headers(), "Content-Type"));
            } catch (IOException e) {
                deleteQuietly(tmp);
                if (attempt >= maxAttempts || e instanceof java.nio.file.FileAlreadyExistsException
                        || e instanceof java.nio.file.AccessDeniedException) {
                    throw new ConfException.NetworkFailure("downloading recording " + rec + " to " + target
                            + " failed: " + BandwidthRetryer.describe(e) + "; nothing was written", e);
                }
            } catch (RuntimeException e) {
                deleteQuietly(tmp);
                throw e;
            }
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover .part file is harmless and named as such
            }
        }
    }

    private static String header(java.util.Map<String, Collection<String>> headers, String name) {
        for (var e : headers.entrySet()) {
            if (name.equalsIgnoreCase(e.getKey()) && !e.getValue().isEmpty()) {
                return e.getValue().iterator().next();
            }
        }
        return null;
    }

    /** Runs one API call, turning Feign's wrappers into conf's own exceptions. */
    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (FeignException e) {
            throw translate(e);
        }
    }

    private static ConfException translate(FeignException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfException typed) {
                return typed;
            }
            if (t instanceof JsonProcessingException json) {
                return unreadable(e.request() == null ? "" : " to " + e.request().httpMethod() + " "
                        + e.request().url(), json);
            }
        }
        if (e.getCause() instanceof IOException io) {
            return new ConfException.NetworkFailure(e.getMessage() + ": " + BandwidthRetryer.describe(io), e);
        }
        return new ConfException.UnreadableAnswer("unexpected answer from the API: " + e.getMessage(), e);
    }

    private static ConfException unreadable(String where, Throwable cause) {
        String why = cause instanceof JsonProcessingException json ? json.getOriginalMessage() : cause.getMessage();
        return new ConfException.UnreadableAnswer("the API's answer" + where + " could not be read: " + why, cause);
    }

    /** Walks the pages; the next one is fetched only when the current one is used up. */
    private final class PageIterator implements Iterator<Conference> {
        private Iterator<Conference> current = List.<Conference>of().iterator();
        private Supplier<TypedResponse<List<Conference>>> next;
        private final Set<URI> seen = new HashSet<>();

        PageIterator(Supplier<TypedResponse<List<Conference>>> first) {
            this.next = first;
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext() && next != null) {
                TypedResponse<List<Conference>> page = call(next);
                List<Conference> items = page.body() == null ? List.of() : page.body();
                current = items.iterator();
                URI link = Links.next(page.headers(), base);
                if (link == null) {
                    next = null;
                } else {
                    URI nextUri = ownOrigin(link);
                    if (!seen.add(nextUri)) {
                        throw new ConfException.UnreadableAnswer("the API sent the same next-page link twice ("
                                + nextUri + "); stopping to avoid a loop", null);
                    }
                    next = () -> api.listConferencesPage(nextUri);
                }
            }
            return current.hasNext();
        }

        @Override
        public Conference next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }
    }

    /**
     * The next page, at the API's own origin. Credentials go with every request, so a link to another origin (as a
     * proxy in between may leave it) is not followed there: its query, which carries the page token, is asked of the
     * configured base URL instead.
     */
    private URI ownOrigin(URI link) {
        boolean same = link.getScheme() != null && link.getScheme().equalsIgnoreCase(base.getScheme())
                && link.getHost() != null && link.getHost().equalsIgnoreCase(base.getHost())
                && port(link) == port(base);
        if (same) {
            return link;
        }
        if (link.getRawQuery() == null) {
            throw new ConfException.UnreadableAnswer("the next-page link " + link + " points away from the API ("
                    + base.getScheme() + "://" + base.getAuthority() + ") and carries no page token", null);
        }
        return URI.create(base + "/accounts/" + account + "/conferences?" + link.getRawQuery());
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /**
     * The answer decoder, made at the first answer, once the mapper is ready. Jackson reads the bytes
     * {@link BufferingClient} already holds (JSON is UTF-8, RFC 8259): feign-jackson's decoder reads through a
     * {@code Reader} in the Content-Type's charset, whose garbage a watch of thousands of conferences paid on every
     * poll. Otherwise as feign-jackson: no value for 204 and 404, null for an empty body.
     */
    private static final class ResponseBodies {
        static final ObjectMapper MAPPER = ApiJson.mapper();

        static Object decode(Response response, java.lang.reflect.Type type) throws IOException {
            if (response.status() == 404 || response.status() == 204) {
                return feign.Util.emptyValueOf(type);
            }
            if (response.body() == null) {
                return null;
            }
            byte[] body;
            if (response.body() instanceof BufferingClient.Bytes held) {
                body = held.bytes();
            } else {
                try (InputStream in = response.body().asInputStream()) {
                    body = in.readAllBytes();
                }
            }
            if (body.length == 0) {
                return null;
            }
            if (type == byte[].class) {
                return body;
            }
            try {
                return MAPPER.readValue(body, MAPPER.constructType(type));
            } catch (com.fasterxml.jackson.databind.RuntimeJsonMappingException e) {
                throw new feign.codec.DecodeException(response.status(), e.getMessage(), response.request(), e);
            }
        }
    }

    /** The request body encoder, built at the first update: a read-only run never pays for its mapper. */
    private static final class RequestBodies {
        static final Encoder JSON = new JacksonEncoder(ApiJson.requestMapper());
    }

    /** Settings for a client. Defaults suit a person at a terminal: 5 s to connect, 30 s to read, 4 attempts. */
    public static final class Builder {
        private Credentials credentials;
        private String baseUrl = BaseUrl.DEFAULT;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(30);
        private int maxAttempts = 4;
        private Duration maxRetryAfter = Duration.ofSeconds(60);
        private PrintWriter log;
        private RequestGate gate = RequestGate.OPEN;
        private Path tokenCache;
        private String credentialsOrigin;
        private Clock clock = Clock.systemUTC();

        /** Paces every request of this client (rate limits, a shared Retry-After). */
        public Builder gate(RequestGate gate) {
            this.gate = gate;
            return this;
        }

        public Builder credentials(Credentials credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder target(Profiles.Target target) {
            this.credentials = target.credentials();
            this.baseUrl = target.baseUrl();
            this.tokenCache = target.tokenCache();
            this.credentialsOrigin = target.origin();
            return this;
        }

        /**
         * Where client credentials' tokens are kept between runs ({@link TokenCache}); null (the default) keeps them
         * in this process only.
         */
        public Builder tokenCache(Path dir) {
            this.tokenCache = dir;
            return this;
        }

        /** The clock tokens are timed by; tests move it. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive("--connect-timeout", d);
            return this;
        }

        public Builder readTimeout(Duration d) {
            this.readTimeout = positive("--read-timeout", d);
            return this;
        }

        /** A timeout of 0 would wait for ever (HttpURLConnection's meaning of 0); a negative one is an error there. */
        private static Duration positive(String what, Duration d) {
            if (d == null || d.isNegative() || d.toMillis() == 0) {
                throw new ConfException.InvalidInput("the timeout (" + what + ") must be more than 0, not "
                        + (d == null ? "none" : conftool.model.Durations.format(d)) + ": give e.g. 5s");
            }
            return d;
        }

        /** Attempts per request, the first included (1 turns retries off). */
        public Builder maxAttempts(int n) {
            if (n < 1) {
                throw new ConfException.InvalidInput("attempts must be at least 1");
            }
            this.maxAttempts = n;
            return this;
        }

        /** The longest {@code Retry-After} conf waits out; a longer one fails at once as rate limited. */
        public Builder maxRetryAfter(Duration d) {
            this.maxRetryAfter = d;
            return this;
        }

        /** Logs every request and response here, secrets redacted; null for no log. */
        public Builder log(PrintWriter log) {
            this.log = log;
            return this;
        }

        public ConferenceClient build() {
            if (credentials == null) {
                throw new ConfException.MissingCredentials("no credentials given to the client");
            }
            String url = BaseUrl.check(baseUrl);
            Ids.check("account id", credentials.accountId());
            // Set-ups of a one-shot run leave this thread, to overlap Feign reading the interface and the request:
            // the JDK's first java.util.logging logger (Feign's templates make one, and the JDK then looks through
            // every jar of the classpath for a logging provider), and the JSON mapper with its (de)serializers for
            // a conference, first needed for the answer. The mapper caches them; its caches are thread-safe.
            // BigDecimal, which Jackson's parser loads, computes 5^65536 in its class initializer on JDK 25:
            // about 10 ms of a one-shot run, taken here rather than in the middle of reading the answer.
            Thread setup = new Thread(() -> {
                java.util.logging.Logger.getLogger(Feign.class.getName());
                ApiJson.mapper().readerFor(Conference.class);
                ApiJson.mapper().writerFor(Conference.class);
                java.math.BigDecimal.ZERO.signum();
            }, "conf-client-setup");
            setup.setDaemon(true);
            setup.start();
            Encoder encoder = (object, bodyType, template) -> {
                if (object instanceof String text) {
                    template.body(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
                } else {
                    RequestBodies.JSON.encode(object, bodyType, template);
                }
            };
            Request.Options options = new Request.Options(connectTimeout, readTimeout, false);
            TokenSource tokens = null;
            RequestInterceptor auth;
            if (credentials instanceof Credentials.ClientCredentials client) {
                tokens = tokens(client, options);
                auth = new BearerTokenInterceptor(tokens);
            } else {
                Credentials.Basic basic = (Credentials.Basic) credentials;
                auth = new BasicAuthRequestInterceptor(basic.username(), basic.password(), StandardCharsets.UTF_8);
            }
            BandwidthErrorDecoder errors = new BandwidthErrorDecoder(ApiJson::mapper, clock, gate, tokens,
                    "The API refused a fresh token for client id " + Ids.printable(credentials.identity())
                            + ": check that this client may use the Voice API of account " + credentials.accountId()
                            + " (its roles in the Bandwidth App)");
            Feign.Builder feign = Feign.builder()
                    .client(new BufferingClient(new Client.Default(null, null)))
                    .encoder(encoder)
                    .decoder((response, type) -> ResponseBodies.decode(response, type))
                    .errorDecoder(errors)
                    .retryer(new BandwidthRetryer(maxAttempts, Duration.ofMillis(200), Duration.ofSeconds(5),
                            maxRetryAfter))
                    .options(options)
                    .requestInterceptor(auth)
                    .requestInterceptor(template -> gate.beforeRequest());
            if (log != null) {
                feign.logger(new RedactingLogger(log)).logLevel(Logger.Level.FULL);
            }
            ConferencesApi api = feign.target(ConferencesApi.class, url);
            return new ConferenceClient(api, credentials.accountId(), URI.create(url), maxAttempts, errors);
        }

        private TokenSource tokens(Credentials.ClientCredentials client, Request.Options options) {
            java.util.function.Consumer<String> note = log == null ? null : line -> {
                log.println("[auth] " + line);
                log.flush();
            };
            String origin = credentialsOrigin == null ? "the client id and secret given" : credentialsOrigin;
            String advice = origin.startsWith("the environment")
                    ? "check BW_CLIENT_ID and BW_CLIENT_SECRET (API credentials made in the Bandwidth App)"
                    : "check the client-id and client-secret of " + origin;
            BaseUrl.checkTokenUrl(client.tokenUrl());
            TokenEndpoint endpoint = new TokenEndpoint(client, advice, options, maxAttempts, maxRetryAfter, clock, log);
            return new TokenSource(client, endpoint::request,
                    tokenCache == null ? null : new TokenCache(tokenCache, note), clock, note);
        }
    }
}
