package conftool.client;

import com.fasterxml.jackson.databind.JsonNode;
import conftool.model.ApiError;
import feign.Body;
import feign.Feign;
import feign.FeignException;
import feign.Headers;
import feign.Logger;
import feign.Request;
import feign.RequestLine;
import feign.Response;
import feign.RetryableException;
import feign.auth.BasicAuthRequestInterceptor;
import feign.codec.ErrorDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * The OAuth 2.0 client credentials exchange, as Bandwidth's SDK and CLI do it: {@code POST} the token URL with the
 * form body {@code grant_type=client_credentials} and {@code Authorization: Basic base64(clientId:clientSecret)};
 * the answer's {@code access_token} and {@code expires_in} (one hour when absent) make an {@link AccessToken}.
 *
 * <p>Failures: 400, 401 and 403 are the client id or secret refused ({@link ConfException.CredentialsRefused}, exit
 * 3); 429, 5xx and network failures are retried like GETs (a token request changes nothing), then fail as rate
 * limited or unavailable; an answer without a usable {@code access_token} is unreadable.
 */
public final class TokenEndpoint {

    public static final String DEFAULT_URL = "https://api.bandwidth.com/api/v1/oauth2/token";
    static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    private static final int MAX_ANSWER = 64 * 1024;

    interface TokenApi {
        @RequestLine("POST")
        @Headers({"Content-Type: application/x-www-form-urlencoded", "Accept: application/json"})
        @Body("grant_type=client_credentials")
        JsonNode token();
    }

    private final Feign.Builder feign;
    private TokenApi api;
    private final String url;
    private final String clientId;
    private final String advice;
    private final Clock clock;

    /**
     * @param advice what to check when the client id or secret is refused, e.g. "check BW_CLIENT_SECRET"
     * @param log    the {@code --verbose} log, or null
     */
    TokenEndpoint(Credentials.ClientCredentials credentials, String advice, Request.Options options, int maxAttempts,
            Duration maxRetryAfter, Clock clock, java.io.PrintWriter log) {
        this.url = credentials.tokenUrl();
        this.clientId = credentials.clientId();
        this.advice = advice;
        this.clock = clock;
        Feign.Builder builder = Feign.builder()
                .client(new BufferingClient(new feign.Client.Default(null, null)))
                .options(options)
                .retryer(BandwidthRetryer.forTokenRequests(maxAttempts, maxRetryAfter))
                .errorDecoder(new Refusals())
                .decoder((response, type) -> readJson(response))
                .requestInterceptor(new BasicAuthRequestInterceptor(credentials.clientId(),
                        credentials.clientSecret(), StandardCharsets.UTF_8));
        if (log != null) {
            builder.logger(new RedactingLogger(log)).logLevel(Logger.Level.FULL);
        }
        this.feign = builder;
    }

    /** Feign reads the interface at the first token request: a run that finds its token in the cache never does. */
    private synchronized TokenApi api() {
        if (api == null) {
            api = feign.target(TokenApi.class, url);
        }
        return api;
    }

    /** A new token; every call asks the endpoint. */
    public AccessToken request() {
        java.time.Instant asked = clock.instant();
        try {
            return read(api().token(), asked);
        } catch (FeignException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ConfException typed) {
                    throw typed;
                }
            }
            if (e.getCause() instanceof IOException io) {
                throw new ConfException.NetworkFailure("the token request to " + url + " failed: "
                        + BandwidthRetryer.describe(io) + ". Check the network and the token URL (--token-url)", e);
            }
            throw new ConfException.UnreadableAnswer("the token endpoint " + url + " answered unexpectedly: "
                    + e.status(), null);
        }
    }

    private ConfException unexpected(int status) {
        return new ConfException.UnreadableAnswer("the token endpoint " + url + " answered " + status
                + " where a token was expected. Check the token URL (--token-url, CONF_TOKEN_URL or the profile's"
                + " token-url; Bandwidth's is " + DEFAULT_URL + ")", null);
    }

    /** The answer as JSON, or null when it is none: {@link #read} then says what was missing. */
    private static JsonNode readJson(Response response) {
        if (response.body() == null) {
            return null;
        }
        try (InputStream in = response.body().asInputStream()) {
            return ApiJson.mapper().readTree(in.readNBytes(MAX_ANSWER));
        } catch (IOException e) {
            return null;
        }
    }

    private AccessToken read(JsonNode answer, java.time.Instant asked) {
        JsonNode token = answer == null ? null : answer.get("access_token");
        if (token == null || !token.isTextual() || token.asText().isEmpty()) {
            throw new ConfException.UnreadableAnswer("the token endpoint " + url + " answered 200 without an"
                    + " access_token. Check the token URL (--token-url); Bandwidth's is " + DEFAULT_URL, null);
        }
        if (!AccessToken.isWellFormed(token.asText())) {
            throw new ConfException.UnreadableAnswer("the token endpoint " + url + " answered an access_token that"
                    + " is not a Bearer token (RFC 6750 characters only)", null);
        }
        JsonNode expiresIn = answer.get("expires_in");
        Duration lifetime = expiresIn != null && expiresIn.canConvertToLong() && expiresIn.asLong() > 0
                ? Duration.ofSeconds(expiresIn.asLong())
                : DEFAULT_LIFETIME;
        return AccessToken.issued(token.asText(), asked, lifetime);
    }

    /** Error statuses of the token endpoint, as conf's failures. */
    private final class Refusals implements ErrorDecoder {
        @Override
        public Exception decode(String methodKey, Response response) {
            int status = response.status();
            Request request = response.request();
            String line = "POST " + url;
            ApiError error = readError(response);
            if (status == 400 || status == 401 || status == 403) {
                String code = error == null || error.type() == null ? "" : " (" + Ids.printable(error.type()) + ")";
                return new ConfException.CredentialsRefused("the token endpoint " + url + " refused client id "
                        + Ids.printable(clientId) + " with " + status + code + ": " + advice);
            }
            if (status == 429) {
                Duration wait = BandwidthErrorDecoder.parseRetryAfter(first(response, "Retry-After"), clock);
                var limited = new ApiException.RateLimited(status, error, line, wait);
                return new RetryableException(status, limited.getMessage(), request.httpMethod(), limited,
                        wait == null ? null : clock.millis() + wait.toMillis(), request);
            }
            if (status >= 500) {
                var failed = new ApiException.ServerError(status, error, line);
                return new RetryableException(status, failed.getMessage(), request.httpMethod(), failed, (Long) null,
                        request);
            }
            return unexpected(status);
        }

        private static String first(Response response, String header) {
            for (var e : response.headers().entrySet()) {
                if (header.equalsIgnoreCase(e.getKey()) && !e.getValue().isEmpty()) {
                    return e.getValue().iterator().next();
                }
            }
            return "";
        }

        /** OAuth's {@code {"error": …, "error_description": …}}, as the API's error record. */
        private static ApiError readError(Response response) {
            if (response.body() == null) {
                return null;
            }
            try (InputStream in = response.body().asInputStream()) {
                JsonNode node = ApiJson.mapper().readTree(in.readNBytes(MAX_ANSWER));
                if (node == null || !node.isObject()) {
                    return null;
                }
                String type = node.hasNonNull("error") ? node.get("error").asText() : null;
                String description = node.hasNonNull("error_description") ? node.get("error_description").asText()
                        : node.hasNonNull("description") ? node.get("description").asText() : null;
                return new ApiError(type, description == null ? null : Ids.printable(description), null);
            } catch (IOException e) {
                return null;
            }
        }
    }
}
