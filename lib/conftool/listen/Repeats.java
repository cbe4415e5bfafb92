package conftool.listen;

import com.fasterxml.jackson.core.JsonProcessingException;
import conftool.client.ApiJson;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
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

    /** By a digest of the webhook's fields, not the webhook itself: 10,000 bodies of 64 KiB would be 640 MiB. */
    private final Map<String, Long> seen = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > SIZE;
        }
    };

    /** The sequence number {@code w} was journalled under, if it is a repeat; else null. */
    synchronized Long earlier(Webhook w) {
        return w.eventTime() == null ? null : seen.get(digest(w));
    }

    synchronized void remember(Webhook w, long seq) {
        if (w.eventTime() != null) {
            seen.put(digest(w), seq);
        }
    }

    private static String digest(Webhook w) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return Base64.getEncoder().encodeToString(sha.digest(ApiJson.mapper().writeValueAsBytes(w)));
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
