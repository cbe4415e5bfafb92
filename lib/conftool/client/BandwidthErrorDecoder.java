package conftool.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import conftool.model.ApiError;
import feign.Request;
import feign.Response;
import feign.RetryableException;
import feign.codec.ErrorDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * Turns an error status into a typed {@link ApiException} carrying the API's {@code description}.
 *
 * <p>What may be retried is wrapped in a {@link RetryableException} for the {@link BandwidthRetryer}: a 429 for any
 * method (the API did not act on it), a 5xx only for GET (an update may have taken effect), and a 401 or 403 to a
 * request made with a Bearer token, after letting go of that token, so that the retry fetches a fresh one. Customise
 * this when an API adds statuses that need their own reaction.
 */
public final class BandwidthErrorDecoder implements ErrorDecoder {

    private final Supplier<ObjectMapper> mapper;
    private final Clock clock;
    private final RequestGate gate;
    private final TokenSource tokens;
    private final String refusedTokenAdvice;

    /** @param mapper reads error bodies; asked for only when one is read */
    public BandwidthErrorDecoder(Supplier<ObjectMapper> mapper, Clock clock, RequestGate gate) {
        this(mapper, clock, gate, null, null);
    }

    /**
     * @param tokens             the Bearer tokens requests carry, or null with Basic credentials
     * @param refusedTokenAdvice what to check when even a fresh token is refused
     */
    public BandwidthErrorDecoder(Supplier<ObjectMapper> mapper, Clock clock, RequestGate gate, TokenSource tokens,
            String refusedTokenAdvice) {
        this.mapper = mapper;
        this.clock = clock;
        this.gate = gate;
        this.tokens = tokens;
        this.refusedTokenAdvice = refusedTokenAdvice;
    }

    @Override
    public Exception decode(String methodKey, Response response) {
        Request request = response.request();
        String requestLine = request.httpMethod() + " " + request.url();
        int status = response.status();
        ApiError error = readError(response);
        boolean get = request.httpMethod() == Request.HttpMethod.GET;
        String token = tokens == null || (status != 401 && status != 403) ? null : BearerTokenInterceptor.tokenOf(request);
        if (token != null) {
            tokens.refused(token);
            ApiException refused = status == 401
                    ? new ApiException.Unauthenticated(status, error, requestLine, refusedTokenAdvice)
                    : new ApiException.Forbidden(status, error, requestLine);
            return new RetryableException(status, refused.getMessage(), request.httpMethod(), refused, (Long) null,
                    request);
        }
        return switch (status) {
            case 401 -> new ApiException.Unauthenticated(status, error, requestLine);
            case 403 -> new ApiException.Forbidden(status, error, requestLine);
            case 404 -> new ApiException.NotFound(status, error, requestLine);
            case 429 -> {
                Duration wait = retryAfter(response);
                var limited = new ApiException.RateLimited(status, error, requestLine, wait);
                Long at = wait == null ? null : clock.millis() + wait.toMillis();
                if (at != null) {
                    gate.rateLimited(java.time.Instant.ofEpochMilli(at));
                }
                yield new RetryableException(status, limited.getMessage(), request.httpMethod(), limited, at, request);
            }
            default -> {
                if (status >= 500) {
                    var failed = new ApiException.ServerError(status, error, requestLine);
                    yield get ? new RetryableException(status, failed.getMessage(), request.httpMethod(), failed,
                            (Long) null, request) : failed;
                }
                yield new ApiException.Rejected(status, error, requestLine);
            }
        };
    }

    private ApiError readError(Response response) {
        if (response.body() == null) {
            return null;
        }
        try (InputStream in = response.body().asInputStream()) {
            byte[] bytes = in.readNBytes(64 * 1024);
            if (bytes.length == 0) {
                return null;
            }
            try {
                return mapper.get().readValue(bytes, ApiError.class);
            } catch (IOException notJson) {
                String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).strip();
                return new ApiError(null, text.length() > 200 ? text.substring(0, 200) + "…" : text, null);
            }
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    Duration retryAfter(Response response) {
        Collection<String> values = response.headers().get("Retry-After");
        if (values == null) {
            values = response.headers().get("retry-after");
        }
        if (values == null || values.isEmpty()) {
            return null;
        }
        return parseRetryAfter(values.iterator().next(), clock);
    }

    static Duration parseRetryAfter(String value, Clock clock) {
        String v = value.strip();
        try {
            if (v.matches("\\d{1,9}")) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(clock.instant(), at.toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }
}
