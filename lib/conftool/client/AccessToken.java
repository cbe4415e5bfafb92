package conftool.client;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A Bearer token and its life. It is used until {@code refreshAt}: a minute before it expires, or half-way through
 * the life of a token that lives under two minutes, so that no request goes out with a token about to lapse and a
 * short-lived token is not refreshed on every request. {@link #toString()} never shows the token.
 */
public record AccessToken(String value, Instant expiresAt, Instant refreshAt) {

    /** RFC 6750's b64token: nothing else can be a header value as is, nor hide a line break. */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    private static final Duration MARGIN = Duration.ofMinutes(1);

    public AccessToken {
        if (value == null || !isWellFormed(value)) {
            throw new IllegalArgumentException("not a Bearer token");
        }
    }

    /** A token issued {@code now} for {@code lifetime}. */
    public static AccessToken issued(String value, Instant now, Duration lifetime) {
        Duration early = lifetime.compareTo(MARGIN.multipliedBy(2)) < 0 ? lifetime.dividedBy(2) : MARGIN;
        return new AccessToken(value, now.plus(lifetime), now.plus(lifetime).minus(early));
    }

    static boolean isWellFormed(String value) {
        return value.length() <= 16 * 1024 && B64TOKEN.matcher(value).matches();
    }

    /** Whether it may still be sent: before {@code refreshAt}. */
    public boolean fresh(Instant now) {
        return now.isBefore(refreshAt);
    }

    @Override
    public String toString() {
        return "AccessToken[value=***, expiresAt=" + expiresAt + ", refreshAt=" + refreshAt + "]";
    }
}
