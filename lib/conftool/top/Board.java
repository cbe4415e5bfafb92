package conftool.top;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What {@code conf top} knows after a poll: the conferences with the members the hooks' filter keeps, when each
 * member was first seen and last changed. Immutable: the poll thread makes a new one per cycle
 * ({@link Boards#next}) and hands it to the screen.
 *
 * @param account    the account polled
 * @param interval   time between polls
 * @param startedAt  the first poll
 * @param polledAt   the last poll, null before the first
 * @param trouble    why polls are failing, one plain line, or null
 * @param rooms      the conferences, in the order watch found them
 */
public record Board(String account, Duration interval, Instant startedAt, Instant polledAt, String trouble,
        List<Room> rooms) {

    /** Before the first poll. */
    public static Board empty(String account, Duration interval) {
        return new Board(account, interval, null, null, null, List.of());
    }

    /**
     * One conference.
     *
     * @param ended       "completed" or "gone" when it ended at this poll (it is then shown once more), else null
     * @param missedPolls polls of it that failed since its last answer
     */
    public record Room(String id, String name, Instant createdTime, String ended, int missedPolls,
            List<Seat> members) {
    }

    /**
     * One member as shown.
     *
     * @param since      when top first saw it
     * @param before     it was already there at top's first poll, so it joined before {@code since}
     * @param stateSince when its state (mute, hold, coaching) last changed, or {@code since}
     * @param change     the event of its last change (memberJoined, muted, …, memberLeft), or null
     * @param changedAt  when top saw that change
     * @param left       it left at the last poll: shown once more, as left
     */
    public record Seat(String conferenceId, String callId, boolean muted, boolean held, List<String> coaching,
            Instant since, boolean before, Instant stateSince, String change, Instant changedAt, boolean left) {

        /** What selects this member across polls. */
        public String key() {
            return conferenceId + " " + callId;
        }
    }
}
