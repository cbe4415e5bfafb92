package conftool.client;

import feign.Request;
import feign.RetryableException;
import feign.Retryer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides whether a failed request is tried again, and when.
 *
 * <ul>
 *   <li>429: after the API's {@code Retry-After} (any method: the API did not act on the request); when it asks for
 *       longer than {@code maxRetryAfter}, conf gives up at once rather than hang.</li>
 *   <li>5xx: GET only (the error decoder never marks an update retryable).</li>
 *   <li>I/O failures: GET always; an update only when the connection was never made, so nothing was sent.</li>
 *   <li>401 or 403 to a request made with a Bearer token: once, at once, with a fresh token (the error decoder has
 *       let go of the refused one). The API did not act on it, so this holds for updates too. It does not count
 *       as one of the attempts.</li>
 * </ul>
 * Waits grow exponentially with jitter, bounded by {@code maxBackoff}. When it gives up it throws the typed
 * {@link ConfException}, not Feign's wrapper. Customise it for batch jobs that may wait longer than a person would.
 */
public final class BandwidthRetryer implements Retryer {

    private final int maxAttempts;
    private final Duration baseBackoff;
    private final Duration maxBackoff;
    private final Duration maxRetryAfter;
    /** Every I/O failure may be retried, whatever the method: for requests that change nothing (a token request). */
    private final boolean changesNothing;
    private int attempt = 1;
    private boolean retriedWithFreshToken;

    public BandwidthRetryer(int maxAttempts, Duration baseBackoff, Duration maxBackoff, Duration maxRetryAfter) {
        this(maxAttempts, baseBackoff, maxBackoff, maxRetryAfter, false);
    }

    private BandwidthRetryer(int maxAttempts, Duration baseBackoff, Duration maxBackoff, Duration maxRetryAfter,
            boolean changesNothing) {
        this.maxAttempts = maxAttempts;
        this.baseBackoff = baseBackoff;
        this.maxBackoff = maxBackoff;
        this.maxRetryAfter = maxRetryAfter;
        this.changesNothing = changesNothing;
    }

    /** For the token endpoint: its POST only hands out a token, so it is retried as a GET would be. */
    static BandwidthRetryer forTokenRequests(int maxAttempts, Duration maxRetryAfter) {
        return new BandwidthRetryer(maxAttempts, Duration.ofMillis(200), Duration.ofSeconds(5), maxRetryAfter, true);
    }

    public static BandwidthRetryer standard() {
        return new BandwidthRetryer(4, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    @Override
    public void continueOrPropagate(RetryableException e) {
        if (isTokenRefusal(e)) {
            if (retriedWithFreshToken) {
                throw giveUp(e);
            }
            retriedWithFreshToken = true;
            return;
        }
        if (!(changesNothing || mayRetry(e)) || attempt >= maxAttempts) {
            throw giveUp(e);
        }
        long waitMillis;
        if (e.retryAfter() != null) {
            waitMillis = Math.max(0, e.retryAfter() - System.currentTimeMillis());
            if (waitMillis > maxRetryAfter.toMillis()) {
                throw giveUp(e);
            }
        } else {
            long exp = baseBackoff.toMillis() << Math.min(attempt - 1, 16);
            long capped = Math.min(exp, maxBackoff.toMillis());
            waitMillis = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        }
        attempt++;
        try {
            Thread.sleep(waitMillis);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw giveUp(e);
        }
    }

    /** A 401/403 to a Bearer request: only the error decoder makes these retryable, after letting go of the token. */
    static boolean isTokenRefusal(RetryableException e) {
        return e.getCause() instanceof ApiException.Unauthenticated || e.getCause() instanceof ApiException.Forbidden;
    }

    private static boolean mayRetry(RetryableException e) {
        if (e.status() > 0) {
            return true;
        }
        if (e.method() == Request.HttpMethod.GET) {
            return true;
        }
        Throwable cause = e.getCause();
        return cause instanceof ConnectException
                || (cause instanceof SocketTimeoutException && String.valueOf(cause.getMessage()).contains("connect"));
    }

    private RuntimeException giveUp(RetryableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof ConfException typed) {
            return typed;
        }
        String what = e.method() + " " + (e.request() == null ? "" : e.request().url());
        if (cause instanceof SocketTimeoutException) {
            return new ConfException.NetworkFailure(what + " timed out (" + cause.getMessage()
                    + "). Raise --read-timeout or --connect-timeout, or try again later", cause);
        }
        if (cause instanceof IOException io) {
            return new ConfException.NetworkFailure(what + " failed: " + describe(io)
                    + ". Check the network and the " + (changesNothing ? "token URL (--token-url)"
                            : "API base URL (--base-url)"), cause);
        }
        return e;
    }

    static String describe(IOException e) {
        String name = e.getClass().getSimpleName();
        return e.getMessage() == null ? name : name + ": " + e.getMessage();
    }

    @Override
    public Retryer clone() {
        return new BandwidthRetryer(maxAttempts, baseBackoff, maxBackoff, maxRetryAfter, changesNothing);
    }
}
