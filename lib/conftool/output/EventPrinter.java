package conftool.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import conftool.client.ApiJson;
import conftool.model.ConferenceMember;
import conftool.model.Event;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Prints watch events as they happen, flushed one by one: readable lines on a terminal, NDJSON (the event's fields:
 * type, time, conferenceId, conferenceName, member, previous, patch, …) when piped or with {@code -o ndjson/json}.
 */
public final class EventPrinter implements Consumer<Event> {

    /** Times with milliseconds always, so that every line's time has the same width. */
    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);
    /** The longest event type, conferenceRedirected. */
    private static final int TYPE_WIDTH = 20;

    private final PrintWriter out;
    private final boolean json;
    // The widest conference and call seen so far: columns line up, and widen only when a longer one comes.
    private int conferenceWidth = 14;
    private int callWidth = 0;

    public EventPrinter(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    @Override
    public void accept(Event e) {
        synchronized (out) {
            // the line quotes the network and hooks (names, ids): shown, never obeyed
            out.println(json ? Inert.json(toJson(e)) : Inert.text(aligned(e)));
            out.flush();
        }
    }

    static String toJson(Event e) {
        try {
            return ApiJson.mapper().writeValueAsString(e);
        } catch (JsonProcessingException x) {
            throw new IllegalStateException(x);
        }
    }

    /** The event as a line whose columns (time, type, conference, call, detail) line up with the lines before. */
    private String aligned(Event e) {
        String conference = TextTable.clean(e.conferenceName() == null ? e.conferenceId() : e.conferenceName());
        String call = e.callId() == null ? "" : TextTable.clean(e.callId());
        conferenceWidth = Math.max(conferenceWidth, conference.length());
        callWidth = Math.max(callWidth, call.length());
        return line(e, conferenceWidth, callWidth);
    }

    static String line(Event e) {
        return line(e, 0, 0);
    }

    private static String line(Event e, int conferenceWidth, int callWidth) {
        String conference = TextTable.clean(e.conferenceName() == null ? e.conferenceId() : e.conferenceName());
        String call = e.callId() == null ? "" : TextTable.clean(e.callId());
        StringBuilder s = new StringBuilder()
                .append(e.time() == null ? "-" : TIME.format(e.time())).append("  ")
                .append(pad(e.type(), TYPE_WIDTH)).append("  ")
                .append(pad(conference, conferenceWidth)).append("  ")
                .append(pad(call, callWidth));
        String detail = detail(e);
        if (!detail.isEmpty()) {
            s.append("  ").append(detail);
        }
        return s.toString().stripTrailing();
    }

    private static String detail(Event e) {
        ConferenceMember m = e.member();
        return switch (e.type()) {
            case "memberJoined" -> m == null ? "" : String.join("  ", java.util.stream.Stream.of(
                    m.isMuted() ? "(muted)" : "", m.isHeld() ? "(on hold)" : "").filter(x -> !x.isEmpty()).toList());
            case "coachingChanged" -> m == null ? "" : "coaching: "
                    + (m.coaching().isEmpty() ? "nobody" : TextTable.clean(String.join(" ", m.coaching())));
            case "gap" -> Views.count(e.missedPolls() == null ? 0 : e.missedPolls(), "poll")
                    + " missed: changes that came and went in between cannot be seen";
            case "conferenceSeen" -> e.conferenceId() + (e.conference() == null ? ""
                    : ", " + Views.count(e.conference().members().size(), "member")
                    + (e.conference().isCompleted() ? "; completed " + TIME.format(e.conference().completedTime())
                            + ", not polled again" : ""));
            default -> "";
        };
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
