package conftool.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.model.Conference;
import conftool.model.ConferenceMember;
import conftool.model.Event;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Watch and listen events as lines a person reads. */
class EventPrinterTest {

    private static final ConferenceMember M = new ConferenceMember("c-95ac8d8d-b81437f5-4586-4d5b-9b46-29f8b3fe0aaf",
            "conf-1", null, true, false, List.of());

    private static Conference conference(String name, Instant completed, ConferenceMember... members) {
        return new Conference("conf-1", name, Instant.parse("2026-01-05T10:00:00Z"), completed, null, null, null,
                List.of(members));
    }

    private static List<String> print(Event... events) {
        StringWriter s = new StringWriter();
        EventPrinter p = new EventPrinter(new PrintWriter(s), false);
        for (Event e : events) {
            p.accept(e);
        }
        return s.toString().lines().toList();
    }

    @Test
    void linesLineUpInColumnsWhateverTheTypeAndTheTimesMilliseconds() {
        List<String> lines = print(
                new Event("conferenceSeen", Instant.parse("2026-01-05T10:00:00Z"), "conf-1", "standup",
                        null, null, List.of(), null, conference("standup", null, M)),
                new Event("memberJoined", Instant.parse("2026-01-05T10:00:01.5Z"), "conf-1", "standup", M, null,
                        List.of(), null, null),
                new Event("muted", Instant.parse("2026-01-05T10:00:02.123Z"), "conf-1", "standup", M, null,
                        List.of(), null, null));
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("2026-01-05T10:00:00.000Z  conferenceSeen  "), lines.get(0));
        int conference = lines.get(0).indexOf("standup");
        for (String l : lines) {
            assertEquals(conference, l.indexOf("standup"), "the conference column starts at one place:\n"
                    + String.join("\n", lines));
        }
        assertEquals(lines.get(1).indexOf("c-95ac"), lines.get(2).indexOf("c-95ac"), String.join("\n", lines));
    }

    @Test
    void countsTakeTheSingularForOne() {
        List<String> lines = print(
                new Event("conferenceSeen", Instant.parse("2026-01-05T10:00:00Z"), "conf-1", "standup",
                        null, null, List.of(), null, conference("standup", null, M)),
                new Event("gap", Instant.parse("2026-01-05T10:00:00Z"), "conf-1", "standup",
                        null, null, List.of(), 1, null));
        assertTrue(lines.get(0).endsWith("conf-1, 1 member"), lines.get(0));
        assertTrue(lines.get(1).contains(" 1 poll missed"), lines.get(1));
    }

    @Test
    void aConferenceSeenCompletedSaysSo() {
        List<String> lines = print(new Event("conferenceSeen", Instant.parse("2026-01-05T10:00:00Z"), "conf-1",
                "standup", null, null, List.of(), null, conference("standup", Instant.parse("2026-01-05T09:00:00Z"))));
        assertTrue(lines.get(0).endsWith("conf-1, 0 members; completed 2026-01-05T09:00:00.000Z, not polled again"),
                lines.get(0));
    }
}
