package conftool.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * An alert a hook raised, or the notice that it resolved.
 *
 * @param level        {@code info}, {@code warning} or {@code critical}
 * @param message      what happened, for a person
 * @param key          what makes two alerts "the same" (de-duplication); by default the hook, conference, call
 *                     and message
 * @param callId       the member it is about, if any
 * @param labels       free-form labels, flat: strings, numbers, booleans and null keep their JSON type; a
 *                     nested object or array is its JSON text
 * @param hook         the name of the hook that raised it
 * @param conferenceId the conference it was raised for
 * @param time         when it was raised (or resolved)
 * @param pendingFor   how long {@code alert()} must keep returning it before it fires ({@code for}); null: at once
 * @param status       {@code firing}, {@code resolved}, or {@code pending} (raised with a {@code for} that has not
 *                     elapsed yet, in a command that runs once)
 */
public record Alert(String level, String message, String key, String callId, Map<String, Object> labels, String hook,
        String conferenceId, Instant time, Duration pendingFor, String status) {

    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";
    public static final String PENDING = "pending";

    /** Alert levels in rising order of severity. */
    public enum Level {
        INFO, WARNING, CRITICAL;

        public static Level of(String level) {
            return valueOf(level.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /**
     * What makes two alerts the same one (de-duplication, {@code for}, resolution), in watch, listen, get and check
     * alike: the conference, the hook and the key. The hook is part of it so that a hook owns its keys: two hooks
     * that happen to use one key (say {@code on-hold:c-1}) raise two alerts, and neither can keep the other's alive
     * or resolve it; a state file shared by checks with other hooks holds each hook's conditions apart.
     */
    public String identity() {
        return conferenceId + "|" + hook + "|" + key;
    }

    public Level severity() {
        return Level.of(level);
    }

    /** The notice that this alert stopped being raised. */
    public Alert resolved(Instant at) {
        return new Alert(level, message, key, callId, labels, hook, conferenceId, at, pendingFor, RESOLVED);
    }

    public boolean isResolved() {
        return RESOLVED.equals(status);
    }

    /** The same alert, held back: its {@code for} has not elapsed. */
    public Alert pending() {
        return new Alert(level, message, key, callId, labels, hook, conferenceId, time, pendingFor, PENDING);
    }

    public boolean isPending() {
        return PENDING.equals(status);
    }
}
