package conftool.client;

import java.time.Instant;

/**
 * Paces requests: called before every attempt, and told when the API answered 429, so that one {@code Retry-After}
 * holds back every thread of the process, not only the one that got it. The default lets everything through.
 * Customise it for long-running callers that poll many conferences (see the watch command's rate limiter).
 */
public interface RequestGate {

    RequestGate OPEN = new RequestGate() {
        @Override
        public void beforeRequest() {
        }

        @Override
        public void rateLimited(Instant until) {
        }
    };

    /** Blocks until the next request may go. */
    void beforeRequest();

    /** The API asked to wait until {@code until}. */
    void rateLimited(Instant until);
}
