package conftool.top;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.model.Alert;
import conftool.model.Conference;
import conftool.model.ConferenceMember;
import conftool.model.Event;
import conftool.watch.WatchState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

/** The screen of conf top as text, for given boards, choices and sizes: no terminal involved. */
class TopViewTest {

    static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    static final String CONF = "conf-b0a04f4b-a1e7564b-7ccf-e267-be6c-229534d52294";
    static final String ANN = "c-78d020dc-7c4a352f-d778-60ac-ba51-9554d2c49651";
    static final String BOB = "c-ca9191cc-0553d06c-f1b8-7d43-f9d3-a652566a7b7f";
    static final String CAT = "c-e5369783-14618f10-9aec-0a2b-f2b3-135ba0bd05d0";

    static ConferenceMember member(String call, boolean mute, boolean hold, List<String> coach) {
        return new ConferenceMember(call, CONF, null, mute, hold, coach);
    }

    static Map<String, WatchState.Polled> polled(ConferenceMember... members) {
        Map<String, WatchState.Polled> m = new LinkedHashMap<>();
        m.put(CONF, new WatchState.Polled(new Conference(CONF, "standup", T0.minusSeconds(600), null, null, null,
                null, List.of(members)), T0, 0, false));
        return m;
    }

    static Event event(String type, Instant at, ConferenceMember now, ConferenceMember before) {
        return new Event(type, at, CONF, "standup", now, before, List.of(), null, null);
    }

    /** The board after a first poll (ann, bob muted) and a second 2 s later (bob held too, cat joined). */
    static Board twoPolls() {
        Board first = Boards.next(Board.empty("9900000", Duration.ofSeconds(2)), T0,
                polled(member(ANN, false, false, null), member(BOB, true, false, null)), List.of(),
                (c, m) -> true, null);
        Instant t1 = T0.plusSeconds(2);
        ConferenceMember bobHeld = member(BOB, true, true, null);
        ConferenceMember cat = member(CAT, false, false, List.of(ANN));
        return Boards.next(first, t1, polled(member(ANN, false, false, null), bobHeld, cat),
                List.of(event("held", t1, bobHeld, member(BOB, true, false, null)),
                        event("memberJoined", t1, cat, null)), (c, m) -> true, null);
    }

    static String text(List<AttributedString> lines) {
        return lines.stream().map(AttributedString::toString).map(String::stripTrailing)
                .collect(Collectors.joining("\n"));
    }

    /** The screen as text, each run of blank lines as one line saying how many. */
    static String compact(String screen) {
        return java.util.regex.Pattern.compile("\n(\n+)").matcher(screen)
                .replaceAll(m -> "\n(" + m.group(1).length() + " blank lines)\n");
    }

    static TopView.Frame frame(int width, int height, Instant now) {
        return new TopView.Frame(width, height, now, ZoneOffset.UTC, false, true);
    }

    static final String LINE = "\n";

    @Test
    void a120x24ScreenShowsHeaderConferenceMembersStatesAndTheChangesOfTheLastPoll() {
        String screen = text(TopView.render(twoPolls(), Ui.start(), frame(120, 24, T0.plusSeconds(3))));
        assertEquals("""
                conf top · account 9900000 · 1 conference · 3 members · 1 muted · 1 held · polled 10:00:02 (every 2s)
                  CALL ID                                         STATE                IN CONF IN STATE CHANGE
                ▸ standup  3 members  age 10m  conf-b0a04f4b-a1e7564b-7ccf-e267-be6c-229534d52294
                  c-78d020dc-7c4a352f-d778-60ac-ba51-9554d2c49651 active               >3s     3s
                  c-ca9191cc-0553d06c-f1b8-7d43-f9d3-a652566a7b7f muted held           >3s     1s       held
                  c-e5369783-14618f10-9aec-0a2b-f2b3-135ba0bd05d0 coaching → c-78d020… 1s      1s       joined
                (17 blank lines)
                ↑↓/jk select  / filter  m mute  h hold  s sort (join time)  ? help  q quit""", compact(screen));
    }

    @Test
    void aTerminalUnder80x24SaysSoAndShortensCallIdsWithAVisibleMark() {
        String screen = text(TopView.render(twoPolls(), Ui.start(), frame(60, 12, T0.plusSeconds(3))));
        assertEquals("""
                9900000 · 1 conf · 3 memb · 1 muted · 1 held · 10:00:02
                terminal 60x12 is under 80x24: showing what fits
                  CALL ID              STATE                IN CONF IN STATE
                ▸ standup  3 members  age 10m  conf-b0a04f4b-…c-229534d52294
                  c-78d020dc…4d2c49651 active               >3s     3s
                  c-ca9191cc…2566a7b7f muted held           >3s     1s
                  c-e5369783…ba0bd05d0 coaching → c-78d020… 1s      1s
                (4 blank lines)
                jk / m h s ? q""", compact(screen));
    }

    @Test
    void withoutUtf8TheMarksAreAscii() {
        String screen = text(TopView.render(twoPolls(), Ui.start(),
                new TopView.Frame(60, 12, T0.plusSeconds(3), ZoneOffset.UTC, false, false)));
        assertEquals("""
                9900000 | 1 conf | 3 memb | 1 muted | 1 held | 10:00:02
                terminal 60x12 is under 80x24: showing what fits
                  CALL ID              STATE                IN CONF IN STATE
                > standup  3 members  age 10m  conf-b0a04f4b-~c-229534d52294
                  c-78d020dc~4d2c49651 active               >3s     3s
                  c-ca9191cc~2566a7b7f muted held           >3s     1s
                  c-e5369783~ba0bd05d0 coaching -> c-78d02~ 1s      1s
                (4 blank lines)
                jk / m h s ? q""", compact(screen));
    }

    @Test
    void aChangeIsHighlightedForAFewSecondsOnly() {
        Board b = twoPolls();
        String soon = row(b, T0.plusSeconds(3), BOB);
        String later = row(b, T0.plusSeconds(2).plus(TopView.HIGHLIGHT), BOB);
        assertTrue(soon.endsWith(" held"), soon);
        assertTrue(later.endsWith(">7s     5s"), "no change column any more: " + later);
    }

    @Test
    void aMemberWhoLeftShowsAsLeftUntilTheNextPoll() {
        Board b = twoPolls();
        Instant t2 = T0.plusSeconds(4);
        ConferenceMember ann = member(ANN, false, false, null);
        Board left = Boards.next(b, t2, polled(member(BOB, true, true, null), member(CAT, false, false, List.of())),
                List.of(event("memberLeft", t2, ann, ann)), (c, m) -> true, null);
        String screen = text(TopView.render(left, Ui.start(), frame(120, 24, t2)));
        assertTrue(row(left, t2, ANN).contains(" left "), screen);
        assertTrue(screen.contains("conf top · account 9900000 · 1 conference · 2 members"), screen);
        Board next = Boards.next(left, t2.plusSeconds(2), polled(member(BOB, true, true, null),
                member(CAT, false, false, List.of())), List.of(), (c, m) -> true, null);
        assertFalse(text(TopView.render(next, Ui.start(), frame(120, 24, t2.plusSeconds(2)))).contains(ANN));
    }

    @Test
    void theFilterShowsMatchingMembersAndSelectsTheFirstShown() {
        Board b = twoPolls();
        Ui ui = Ui.start().settle(TopView.shown(b, Ui.start())).move(2, TopView.shown(b, Ui.start()));
        assertEquals(CONF + " " + CAT, ui.selected());
        ui = ui.startTyping().type("he").type("ld");
        assertTrue(text(TopView.render(b, ui, frame(120, 24, T0.plusSeconds(3)))).contains("filter: held▏"));
        ui = ui.acceptTyping();
        ui = ui.settle(TopView.shown(b, ui));
        assertEquals(CONF + " " + BOB, ui.selected(), "the first member shown is selected");
        List<AttributedString> lines = TopView.render(b, ui, frame(120, 24, T0.plusSeconds(3)));
        String screen = text(lines);
        assertTrue(screen.contains(BOB) && !screen.contains(ANN), screen);
        assertTrue(screen.contains("filter \"held\""), screen);
        AttributedString selected = lines.stream().filter(l -> l.toString().contains(BOB)).findFirst().orElseThrow();
        assertTrue(selected.toAnsi().matches("(?s).*\033\\[([0-9]+;)*7(;[0-9]+)*m.*"),
                "the selected row is in reverse video: " + selected.toAnsi());
        ui = ui.clearFilter();
        assertTrue(text(TopView.render(b, ui, frame(120, 24, T0.plusSeconds(3)))).contains(ANN));
        // a filter by conference name keeps its members; one that matches nothing says how to clear it
        assertEquals(3, TopView.shown(b, Ui.start().startTyping().type("standup").acceptTyping()).size());
        String none = text(TopView.render(b, Ui.start().startTyping().type("nobody").acceptTyping(),
                frame(120, 24, T0.plusSeconds(3))));
        assertTrue(none.contains("no member matches \"nobody\" (Esc clears the filter)"), none);
    }

    @Test
    void sortCyclesThroughJoinTimeCallIdAndState() {
        Board b = twoPolls();
        Ui ui = Ui.start();
        assertEquals(List.of(ANN, BOB, CAT), calls(b, ui));
        ui = ui.nextSort();
        assertEquals("sorted by call id", ui.status());
        assertEquals(List.of(ANN, BOB, CAT), calls(b, ui));
        ui = ui.nextSort();
        assertEquals(List.of(BOB, CAT, ANN), calls(b, ui), "held first, then coaching, then the rest");
        assertEquals(Ui.Sort.JOIN, ui.nextSort().sort());
    }

    @Test
    void coloursOnlyWhenAllowedAndNeverTextThatActsOnTheTerminal() {
        Map<String, WatchState.Polled> p = new LinkedHashMap<>();
        p.put(CONF, new WatchState.Polled(new Conference(CONF, "evil\u001b[2J\u001b]0;pwned\u0007", T0, null, null,
                null, null, List.of(member(ANN, false, false, null))), T0, 0, false));
        Board first = Boards.next(Board.empty("9900000", Duration.ofSeconds(2)), T0, p, List.of(), (c, m) -> true,
                "poll of x failed: \u001b[31mred");
        ConferenceMember cat = member(CAT, false, false, null);
        Board b = Boards.next(first, T0.plusSeconds(2), polled(member(ANN, false, false, null), cat),
                List.of(event("memberJoined", T0.plusSeconds(2), cat, null)), (c, m) -> true, null);
        Ui ui = Ui.start().withAlert(new Alert("critical", "bad\u001b[2Jthing", "k", ANN, Map.of(), "h", CONF, T0,
                null, Alert.FIRING)).withStatus("the API refused: \u001b[H");
        for (boolean colour : new boolean[] {false, true}) {
            for (Board board : List.of(first, b)) {
                List<AttributedString> lines = TopView.render(board, ui,
                        new TopView.Frame(120, 24, T0.plusSeconds(3), ZoneOffset.UTC, colour, true));
                for (AttributedString l : lines) {
                    assertFalse(l.toString().chars().anyMatch(c -> c < 0x20 || c == 0x7f), l.toString());
                    if (!colour) {
                        assertFalse(hasColour(l), "no colour without colours: " + l.toAnsi());
                    }
                }
                if (colour && board == b) {
                    assertTrue(lines.stream().anyMatch(l -> l.toString().contains(CAT) && hasColour(l)),
                            "a member who just joined is coloured when colours are allowed");
                }
            }
        }
        String screen = text(TopView.render(first, ui, frame(120, 24, T0)));
        assertTrue(screen.contains("polls failing: poll of x failed: \\x1b[31mred"), screen);
        assertTrue(screen.contains("[critical] bad\\x1b[2Jthing"), screen);
        assertTrue(screen.contains("evil\\x1b[2J"), screen);
    }

    @Test
    void theSelectedMemberStaysOnAScreenTooShortForEveryone() {
        ConferenceMember[] many = new ConferenceMember[20];
        for (int i = 0; i < many.length; i++) {
            many[i] = member(String.format("c-%02d-aaaa", i), false, false, null);
        }
        Board b = Boards.next(Board.empty("9900000", Duration.ofSeconds(2)), T0, polled(many), List.of(),
                (c, m) -> true, null);
        Ui ui = Ui.start().settle(TopView.shown(b, Ui.start())).move(17, TopView.shown(b, Ui.start()));
        String screen = text(TopView.render(b, ui, frame(80, 10, T0)));
        assertTrue(screen.contains("c-17-aaaa"), screen);
        assertFalse(screen.contains("c-00-aaaa"), screen);
        assertTrue(screen.contains("lines above"), screen);
        assertEquals(10, TopView.render(b, ui, frame(80, 10, T0)).size());
    }

    @Test
    void theHooksFilterDecidesWhichMembersAreOnTheBoard() {
        Board b = Boards.next(Board.empty("9900000", Duration.ofSeconds(2)), T0,
                polled(member(ANN, false, false, null), member(BOB, true, false, null)), List.of(),
                (c, m) -> m.isMuted(), null);
        assertEquals(List.of(BOB), calls(b, Ui.start()));
        String screen = text(TopView.render(b, Ui.start(), frame(120, 24, T0)));
        assertTrue(screen.contains(" · 1 members · 1 muted · "), screen);
    }

    @Test
    void callIdsAreShortenedFromTheMiddleWithTheMark() {
        assertEquals("c-78d…49651", TopView.shorten(ANN, 11, "…"));
        assertEquals("c-78d~9651", TopView.shorten(ANN, 10, "~"));
        assertEquals(ANN, TopView.shorten(ANN, ANN.length(), "…"));
    }

    @Test
    void beforeTheFirstPollTheScreenSaysItIsPollingAndQuestionMarkShowsTheKeys() {
        Board none = Board.empty("9900000", Duration.ofSeconds(2));
        String screen = text(TopView.render(none, Ui.start(), frame(120, 24, T0)));
        assertTrue(screen.startsWith("conf top · account 9900000 · 0 conferences · 0 members · 0 muted · 0 held"
                + " · not polled yet (every 2s)\npolling…"), screen);
        String help = text(TopView.render(twoPolls(), Ui.start().toggleHelp(), frame(120, 24, T0)));
        assertTrue(help.contains("  m          mute or unmute the selected member") && !help.contains(ANN), help);
        assertFalse(text(TopView.render(twoPolls(), Ui.start().toggleHelp().toggleHelp(), frame(120, 24, T0)))
                .contains("Keys"));
    }

    private static boolean hasColour(AttributedString l) {
        String ansi = l.toAnsi(256, org.jline.utils.AttributedCharSequence.ForceMode.None);
        return ansi.matches("(?s).*\033\\[([0-9]+;)*(3[0-8]|9[0-7])(;[0-9]+)*m.*");
    }

    private static List<String> calls(Board b, Ui ui) {
        return TopView.shown(b, ui).stream().map(Board.Seat::callId).toList();
    }

    private static String row(Board b, Instant now, String call) {
        return TopView.render(b, Ui.start(), frame(120, 24, now)).stream().map(AttributedString::toString)
                .filter(l -> l.contains(call)).findFirst().orElse("").stripTrailing();
    }
}
