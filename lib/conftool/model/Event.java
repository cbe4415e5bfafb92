package conftool.model;

import java.time.Instant;
import java.util.List;

/**
 * A change watch mode saw between two polls of a conference (or that a webhook reported).
 *
 * @param type           conferenceSeen, memberJoined, memberLeft, muted, unmuted, held, unheld, coachingChanged,
 *                       conferenceCompleted, conferenceGone or gap
 * @param time           when conf saw it (the poll's time, or the webhook's eventTime)
 * @param conferenceId   the conference
 * @param conferenceName its name
 * @param member         the member's fields after the change, in every member event; for memberLeft the member as
 *                       last seen (null for conference events)
 * @param previous       the member's fields before it (null for memberJoined; for memberLeft, as {@code member})
 * @param patch          the JSON Patch operations (RFC 6902) behind the event, over the watched state
 * @param missedPolls    for {@code gap}: how many polls of this conference failed or were skipped
 * @param conference     for {@code conferenceSeen}: the conference as first seen
 */
public record Event(String type, Instant time, String conferenceId, String conferenceName, ConferenceMember member,
        ConferenceMember previous, List<PatchOp> patch, Integer missedPolls, Conference conference) {

    /** The call this event is about, if any. */
    public String callId() {
        return member != null ? member.callId() : previous != null ? previous.callId() : null;
    }
}
