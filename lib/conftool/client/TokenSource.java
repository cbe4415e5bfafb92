package conftool.client;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Bearer token of one client, shared by every request of the process: used until shortly before it expires
 * ({@link AccessToken#fresh}), then renewed on the next request, so that a watch that runs for days never sends an
 * expired one. With a {@link TokenCache}, one-shot commands share it across runs too.
 *
 * <p>One refresh at a time: requests that need a token while one is being fetched wait for it and use it, so
 * concurrent requests (a watch's {@code --concurrency}, listen's {@code --enrich}) never stampede the token endpoint.
 * A token the API refused is let go only if it is still the current one ({@link #refused}); a request that was
 * refused with an older token simply retries with the current one.
 */
public final class TokenSource {

    private final Supplier<AccessToken> endpoint;
    private final TokenCache cache;
    private final Credentials.ClientCredentials credentials;
    private final Clock clock;
    private final Consumer<String> note;
    private final Set<String> refused = new HashSet<>();
    private String key;
    private AccessToken current;

    /**
     * @param endpoint asks for a new token ({@link TokenEndpoint#request})
     * @param cache    shares tokens between runs; null keeps them in this process only
     * @param note     the --verbose log: what was used and why; never a token
     */
    public TokenSource(Credentials.ClientCredentials credentials, Supplier<AccessToken> endpoint, TokenCache cache,
            Clock clock, Consumer<String> note) {
        this.endpoint = endpoint;
        this.cache = cache;
        this.credentials = credentials;
        this.clock = clock;
        this.note = note == null ? s -> { } : note;
    }

    /** The cache file's key, computed at the first need: a run whose token is in memory never hashes. */
    private String key() {
        if (key == null) {
            key = TokenCache.key(credentials);
        }
        return key;
    }

    /** A token to send now: the current one while fresh, else the cache's, else a new one. */
    public synchronized String token() {
        Instant now = clock.instant();
        if (current != null && current.fresh(now)) {
            return current.value();
        }
        current = null;
        if (cache != null) {
            String key = key();
            AccessToken cached = usable(cache.read(key), now);
            // Another process may be fetching one right now: wait for it rather than ask as well.
            current = cached != null ? cached : cache.exclusive(key, () -> {
                AccessToken again = usable(cache.readQuietly(key), clock.instant());
                return again != null ? again : fetchAndStore();
            });
        } else {
            current = fetch();
        }
        return current.value();
    }

    private AccessToken usable(AccessToken cached, Instant now) {
        if (cached == null) {
            return null;
        }
        if (refused.contains(cached.value())) {
            note.accept("the cached token was refused by the API; asking for a new one");
            return null;
        }
        if (!cached.fresh(now)) {
            note.accept("the cached token expires at " + cached.expiresAt() + "; asking for a new one");
            return null;
        }
        note.accept("using the cached token from " + cache.dir() + ", valid until " + cached.expiresAt());
        return cached;
    }

    private AccessToken fetchAndStore() {
        AccessToken fresh = fetch();
        cache.write(key(), fresh);
        return fresh;
    }

    private AccessToken fetch() {
        AccessToken fresh = endpoint.get();
        note.accept("new token, valid until " + fresh.expiresAt() + " (renewed from " + fresh.refreshAt() + ")");
        return fresh;
    }

    /** The API refused this token (401/403): it is not sent again, here or, through the cache, by later runs. */
    public synchronized void refused(String token) {
        if (refused.size() > 64) {
            refused.clear();
        }
        refused.add(token);
        if (current != null && current.value().equals(token)) {
            current = null;
            note.accept("the API refused the token; asking for a new one and retrying the request once");
            if (cache != null) {
                cache.forget(key(), token);
            }
        }
    }
}
