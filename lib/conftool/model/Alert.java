package conftool.model;

import java.time.Instant;
import java.util.Map;

/**
 * An alert a hook raised.
 *
 * @param level        {@code info}, {@code warning} or {@code critical}
 * @param message      what happened, for a person
 * @param key          what makes two alerts "the same" (de-duplication); the hook's name and message by default
 * @param callId       the member it is about, if any
 * @param labels       free-form string labels
 * @param hook         the name of the hook that raised it
 * @param conferenceId the conference it was raised for
 * @param time         when it was raised
 */
public record Alert(String level, String message, String key, String callId, Map<String, String> labels, String hook,
        String conferenceId, Instant time) {

    /** Alert levels in rising order of severity. */
    public enum Level {
        INFO, WARNING, CRITICAL;

        public static Level of(String level) {
            return valueOf(level.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public Level severity() {
        return Level.of(level);
    }
}
