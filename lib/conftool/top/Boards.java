package conftool.top;

import conftool.model.Conference;
import conftool.model.ConferenceMember;
import conftool.model.Event;
import conftool.watch.WatchState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Folds one watch cycle into the next {@link Board}: a plain function, so that the screen can be tested without
 * polls.
 */
public final class Boards {

    /** Events that change what a member's state says (and so restart its time in that state). */
    private static final Set<String> STATE_EVENTS = Set.of("muted", "unmuted", "held", "unheld", "coachingChanged");

    private Boards() {
    }

    /**
     * @param previous  the board before this cycle
     * @param at        when the cycle polled
     * @param polled    watch's state after the cycle ({@link conftool.watch.Watcher#state()})
     * @param events    the events the cycle passed through the event path (the hooks' filter kept them)
     * @param kept      whether the hooks' filter keeps a member
     * @param trouble   why polls failed this cycle, or null
     */
    public static Board next(Board previous, Instant at, Map<String, WatchState.Polled> polled, List<Event> events,
            BiPredicate<Conference, ConferenceMember> kept, String trouble) {
        boolean first = previous.polledAt() == null;
        Map<String, Board.Seat> before = new HashMap<>();
        Map<String, Board.Room> roomsBefore = new HashMap<>();
        for (Board.Room r : previous.rooms()) {
            roomsBefore.put(r.id(), r);
            r.members().stream().filter(s -> !s.left()).forEach(s -> before.put(s.key(), s));
        }
        Map<String, Event> lastChange = new HashMap<>();
        Map<String, List<Event>> leftIn = new HashMap<>();
        Map<String, String> ended = new HashMap<>();
        for (Event e : events) {
            switch (e.type()) {
                case "memberLeft" -> leftIn.computeIfAbsent(e.conferenceId(), x -> new ArrayList<>()).add(e);
                case "conferenceCompleted" -> ended.put(e.conferenceId(), "completed");
                case "conferenceGone" -> ended.put(e.conferenceId(), "gone");
                default -> {
                    if (e.callId() != null) {
                        lastChange.put(e.conferenceId() + " " + e.callId(), e);
                    }
                }
            }
        }
        List<Board.Room> rooms = new ArrayList<>();
        for (Map.Entry<String, WatchState.Polled> p : polled.entrySet()) {
            String id = p.getKey();
            Conference c = p.getValue().last();
            boolean finished = p.getValue().gone() || (c != null && c.isCompleted());
            if (finished && !ended.containsKey(id)) {
                // it ended at an earlier poll and was shown as ended then; it changes no more
                continue;
            }
            if (c == null) {
                rooms.add(new Board.Room(id, null, null, ended.get(id), 0, List.of()));
                continue;
            }
            List<Board.Seat> seats = new ArrayList<>();
            for (ConferenceMember m : c.members()) {
                if (m.callId() != null && kept.test(c, m)) {
                    seats.add(seat(id, m, before.get(id + " " + m.callId()), lastChange.get(id + " " + m.callId()),
                            at, first));
                }
            }
            for (Event e : leftIn.getOrDefault(id, List.of())) {
                Board.Seat was = before.get(id + " " + e.callId());
                ConferenceMember m = e.previous() != null ? e.previous() : e.member();
                seats.add(new Board.Seat(id, m.callId(), m.isMuted(), m.isHeld(), m.coaching(),
                        was == null ? at : was.since(), was != null && was.before(),
                        was == null ? at : was.stateSince(), e.type(), at, true));
            }
            String name = c.name();
            if (name == null && roomsBefore.containsKey(id)) {
                name = roomsBefore.get(id).name();
            }
            rooms.add(new Board.Room(id, name, c.createdTime(), ended.get(id), p.getValue().missedPolls(),
                    List.copyOf(seats)));
        }
        return new Board(previous.account(), previous.interval(), first ? at : previous.startedAt(), at, trouble,
                List.copyOf(rooms));
    }

    private static Board.Seat seat(String conferenceId, ConferenceMember m, Board.Seat was, Event change, Instant at,
            boolean first) {
        Instant since = was == null ? at : was.since();
        boolean before = was == null ? first : was.before();
        Instant stateSince = was == null ? at : was.stateSince();
        String kind = was == null ? null : was.change();
        Instant changedAt = was == null ? null : was.changedAt();
        if (change != null) {
            kind = change.type();
            changedAt = at;
            if (STATE_EVENTS.contains(change.type())) {
                stateSince = at;
            }
        }
        return new Board.Seat(conferenceId, m.callId(), m.isMuted(), m.isHeld(), m.coaching(), since, before,
                stateSince, kind, changedAt, false);
    }
}
