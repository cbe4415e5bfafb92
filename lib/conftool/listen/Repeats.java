package conftool.listen;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The webhooks received lately, to tell a sender's retry from a new event. Bandwidth retries a webhook whose answer
 * it did not get (a timeout, a dropped connection), so the same webhook can arrive twice though it was journalled
 * the first time. A webhook with an {@code eventTime} is the same event as an earlier one with the same fields; one
 * without cannot be told apart, and counts each time. The memory is the last {@link #SIZE} webhooks of this run.
 */
final class Repeats {

    static final int SIZE = 10_000;

    private final Map<Webhook, Long> seen = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Webhook, Long> eldest) {
            return size() > SIZE;
        }
    };

    /** The sequence number {@code w} was journalled under, if it is a repeat; else null. */
    synchronized Long earlier(Webhook w) {
        return w.eventTime() == null ? null : seen.get(w);
    }

    synchronized void remember(Webhook w, long seq) {
        if (w.eventTime() != null) {
            seen.put(w, seq);
        }
    }
}
