package conftool.listen;

import conftool.model.ConferenceMember;
import conftool.model.Event;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One conference webhook as Bandwidth sends it (POST JSON, or GET query parameters), by its own field names.
 * Every field but {@code eventType} and {@code conferenceId} may be missing.
 */
public record Webhook(String eventType, String eventTime, String conferenceId, String name, String from, String to,
        String callId, String tag, Map<String, String> other) {

    /** The six conference event types and the watch event each becomes. */
    static final Map<String, String> EVENTS = Map.of(
            "conferenceCreated", "conferenceSeen",
            "conferenceRedirect", "conferenceRedirected",
            "conferenceMemberJoin", "memberJoined",
            "conferenceMemberExit", "memberLeft",
            "conferenceCompleted", "conferenceCompleted",
            "conferenceRecordingAvailable", "recordingAvailable");

    static final Set<String> KNOWN_FIELDS = Set.of("eventType", "eventTime", "conferenceId", "name", "from", "to",
            "callId", "tag");

    /** The event watch mode would report for it; mute, hold and coaching come only with enrichment. */
    public Event toEvent(ConferenceMember enriched) {
        return toEvent(enriched, null);
    }

    /**
     * The same, with the conference as fetched (or null): a {@code conferenceSeen} carries it, as watch's does.
     */
    public Event toEvent(ConferenceMember enriched, conftool.model.Conference conference) {
        String type = EVENTS.get(eventType);
        Instant time;
        try {
            time = eventTime == null ? Instant.now() : Instant.parse(eventTime);
        } catch (RuntimeException e) {
            time = Instant.now();
        }
        ConferenceMember member = callId == null ? null : enriched != null ? enriched
                : new ConferenceMember(callId, conferenceId, null, null, null, null);
        boolean left = type.equals("memberLeft");
        // every member event carries its member; memberLeft the member as last seen, in previous too (as watch)
        return new Event(type, time, conferenceId, name, member, left ? member : null, List.of(), null,
                type.equals("conferenceSeen") ? conference : null);
    }
}
