package conftool.top;

import conftool.model.Alert;
import conftool.output.Inert;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * The screen of {@code conf top} as a plain function of the board, the person's choices, the terminal's size and the
 * time: a list of lines, at most one per row, none wider than the terminal. No terminal is needed to compute it;
 * {@link TopTerminal} only draws it. Every text that came from the network or a hook passes {@link Inert#text}.
 */
public final class TopView {

    /** How long a change stays highlighted. */
    public static final Duration HIGHLIGHT = Duration.ofSeconds(5);
    /** The size below which the screen says that it shows only what fits. */
    public static final int MIN_WIDTH = 80;
    public static final int MIN_HEIGHT = 24;

    /** The marks of the screen: Unicode where the terminal takes UTF-8, ASCII elsewhere. */
    record Glyphs(String cut, String room, String dot, String arrow, String caret, String upDown, String more) {
        static final Glyphs UNICODE = new Glyphs("…", "▸", "·", "→", "▏", "↑↓", "…");
        static final Glyphs ASCII = new Glyphs("~", ">", "|", "->", "_", "up/down", "...");
    }

    private static final int STATE = 20;
    private static final int IN_CONF = 7;
    private static final int IN_STATE = 8;
    private static final int CHANGE = 8;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    /**
     * The terminal as the view needs it.
     *
     * @param colour whether colours may be used (the terminal has them and NO_COLOR is not set); without, the
     *               view still uses bold and reverse video
     */
    public record Frame(int width, int height, Instant now, ZoneId zone, boolean colour, boolean unicode) {
        Glyphs glyphs() {
            return unicode ? Glyphs.UNICODE : Glyphs.ASCII;
        }
    }

    private TopView() {
    }

    /** The members shown, in screen order: conference by conference, sorted, narrowed by the text filter. */
    public static List<Board.Seat> shown(Board board, Ui ui) {
        List<Board.Seat> all = new ArrayList<>();
        for (Board.Room r : board.rooms()) {
            all.addAll(members(r, ui));
        }
        return all;
    }

    private static List<Board.Seat> members(Board.Room r, Ui ui) {
        String text = ui.filter().toLowerCase(Locale.ROOT);
        List<Board.Seat> kept = new ArrayList<>();
        for (Board.Seat s : r.members()) {
            if (text.isEmpty() || matches(s, r, text)) {
                kept.add(s);
            }
        }
        kept.sort(order(ui.sort()));
        return kept;
    }

    private static boolean matches(Board.Seat s, Board.Room r, String text) {
        return s.callId().toLowerCase(Locale.ROOT).contains(text)
                || (r.name() != null && r.name().toLowerCase(Locale.ROOT).contains(text))
                || state(s, "").toLowerCase(Locale.ROOT).contains(text);
    }

    private static Comparator<Board.Seat> order(Ui.Sort sort) {
        Comparator<Board.Seat> byCall = Comparator.comparing(Board.Seat::callId);
        return switch (sort) {
            case JOIN -> Comparator.comparing(Board.Seat::since).thenComparing(byCall);
            case CALL -> byCall;
            // left last, then held, muted, coaching, the rest: who is not heard comes first
            case STATE -> Comparator.comparingInt(TopView::stateRank).thenComparing(byCall);
        };
    }

    private static int stateRank(Board.Seat s) {
        return s.left() ? 4 : s.held() ? 0 : s.muted() ? 1 : !s.coaching().isEmpty() ? 2 : 3;
    }

    /** The state words of a member: muted, held, coaching → whom; left; or active. */
    static String state(Board.Seat s, String arrow) {
        if (s.left()) {
            return "left";
        }
        List<String> words = new ArrayList<>();
        if (s.muted()) {
            words.add("muted");
        }
        if (s.held()) {
            words.add("held");
        }
        if (!s.coaching().isEmpty()) {
            words.add("coaching " + arrow + " " + String.join(",", s.coaching()));
        }
        return words.isEmpty() ? "active" : String.join(" ", words);
    }

    /** The screen: at most {@code frame.height()} lines, none wider than {@code frame.width()}. */
    public static List<AttributedString> render(Board board, Ui ui, Frame frame) {
        Styles st = new Styles(frame.colour());
        Glyphs g = frame.glyphs();
        Columns cols = Columns.fit(frame.width(), board, g);
        List<AttributedString> top = new ArrayList<>();
        top.add(line(st.header, header(board, frame, g)));
        if (frame.width() < MIN_WIDTH || frame.height() < MIN_HEIGHT) {
            top.add(line(st.warn, "terminal " + frame.width() + "x" + frame.height() + " is under " + MIN_WIDTH + "x"
                    + MIN_HEIGHT + ": showing what fits"));
        }
        if (board.trouble() != null) {
            top.add(line(st.trouble, "polls failing: " + Inert.text(board.trouble())));
        }
        if (!ui.help() && board.polledAt() != null) {
            // the column names stay on screen when the members scroll
            top.add(line(st.columns, cols.heading()));
        }
        List<AttributedString> bottom = new ArrayList<>();
        for (Alert a : ui.alerts()) {
            bottom.add(line(st.alert(a.level()), "[" + Inert.text(a.level()) + "] " + Inert.text(a.message())
                    + (a.isResolved() ? " (resolved)" : "") + "  " + Inert.text(a.conferenceId())
                    + (a.callId() == null ? "" : " " + Inert.text(a.callId()))));
        }
        bottom.add(footer(ui, st, g, frame.width()));

        // lines are made only once they are known to be on screen: a large account has far more than fit
        List<Supplier<AttributedString>> body = new ArrayList<>();
        int selectedLine = -1;
        if (ui.help()) {
            HELP.forEach(h -> body.add(() -> line(AttributedStyle.DEFAULT, h)));
        } else if (board.polledAt() == null) {
            body.add(() -> line(AttributedStyle.DEFAULT, "polling" + g.more()));
        } else {
            for (Board.Room r : board.rooms()) {
                List<Board.Seat> seats = members(r, ui);
                if (!ui.filter().isEmpty() && seats.isEmpty()) {
                    continue;
                }
                body.add(() -> line(st.room, room(r, frame.now(), g, frame.width())));
                for (Board.Seat s : seats) {
                    boolean selected = s.key().equals(ui.selected());
                    if (selected) {
                        selectedLine = body.size();
                    }
                    body.add(() -> line(st.seat(s, selected, frame.now()), cols.row(s, frame.now())));
                }
            }
            if (body.isEmpty()) {
                body.add(() -> line(AttributedStyle.DEFAULT, ui.filter().isEmpty() ? "no conferences"
                        : "no member matches \"" + Inert.text(ui.filter()) + "\" (Esc clears the filter)"));
            }
        }
        int room = Math.max(0, frame.height() - top.size() - bottom.size());
        List<AttributedString> screen = new ArrayList<>(top);
        List<AttributedString> shownBody = window(body, selectedLine, room, g).stream().map(Supplier::get).toList();
        screen.addAll(shownBody);
        // the status pane and the footer keep to the bottom rows
        for (int i = shownBody.size(); i < room; i++) {
            screen.add(AttributedString.EMPTY);
        }
        screen.addAll(bottom);
        // on a tiny terminal the header and the footer come first
        List<AttributedString> fitted = new ArrayList<>();
        for (AttributedString l : screen.subList(0, Math.min(screen.size(), Math.max(0, frame.height())))) {
            fitted.add(l.columnLength() > frame.width() ? l.columnSubSequence(0, Math.max(0, frame.width())) : l);
        }
        return fitted;
    }

    /** The part of the body that fits, scrolled so that the selected line is in it; says what is left out. */
    private static List<Supplier<AttributedString>> window(List<Supplier<AttributedString>> body, int selected,
            int rows, Glyphs g) {
        if (body.size() <= rows) {
            return body;
        }
        if (rows <= 1) {
            return rows == 1
                    ? List.of(() -> line(AttributedStyle.DEFAULT, g.more() + " " + (body.size() - 1) + " more lines"))
                    : List.of();
        }
        int from = selected < 0 ? 0 : Math.max(0, Math.min(selected - (rows - 2), body.size() - (rows - 1)));
        List<Supplier<AttributedString>> shown = new ArrayList<>(body.subList(from, from + rows - 1));
        int below = body.size() - from - (rows - 1);
        String more = g.more() + " " + (from > 0 ? from + " lines above, " : "") + below + " below";
        shown.add(() -> line(AttributedStyle.DEFAULT.faint(), more));
        return shown;
    }

    private static String header(Board b, Frame f, Glyphs g) {
        String dot = " " + g.dot() + " ";
        long conferences = b.rooms().stream().filter(r -> r.ended() == null).count();
        long members = 0;
        long muted = 0;
        long held = 0;
        for (Board.Room r : b.rooms()) {
            for (Board.Seat s : r.members()) {
                if (!s.left()) {
                    members++;
                    muted += s.muted() ? 1 : 0;
                    held += s.held() ? 1 : 0;
                }
            }
        }
        String time = b.polledAt() == null ? "not polled yet" : "polled " + CLOCK.format(b.polledAt().atZone(f.zone()));
        String counts = conferences + (conferences == 1 ? " conference" : " conferences") + dot + members + " members"
                + dot + muted + " muted" + dot + held + " held" + dot;
        String account = Inert.text(b.account());
        // the longest that fits: a narrow terminal still gets every count and the time of the poll
        for (String header : List.of(
                "conf top" + dot + "account " + account + dot + counts + time + " (every "
                        + conftool.model.Durations.format(b.interval()) + ")",
                "account " + account + dot + counts + time)) {
            if (header.length() <= f.width()) {
                return header;
            }
        }
        return account + dot + conferences + " conf" + dot + members + " memb" + dot + muted + " muted" + dot + held
                + " held" + dot + (b.polledAt() == null ? "-" : CLOCK.format(b.polledAt().atZone(f.zone())));
    }

    private static String room(Board.Room r, Instant now, Glyphs g, int width) {
        StringBuilder b = new StringBuilder(g.room()).append(' ')
                .append(r.name() == null ? "(no name)" : Inert.text(r.name()));
        long members = r.members().stream().filter(s -> !s.left()).count();
        b.append("  ").append(members).append(members == 1 ? " member" : " members");
        if (r.createdTime() != null) {
            b.append("  age ").append(age(Duration.between(r.createdTime(), now)));
        }
        if (r.ended() != null) {
            b.append("  ").append(r.ended().toUpperCase(Locale.ROOT));
        }
        if (r.missedPolls() > 0) {
            b.append("  (").append(r.missedPolls()).append(r.missedPolls() == 1 ? " poll" : " polls")
                    .append(" missed)");
        }
        // the id last: where it does not fit it is shortened with a mark, never cut off unseen
        b.append("  ");
        return b.append(shorten(Inert.text(r.id()), Math.max(8, width - b.length()), g.cut())).toString();
    }

    private static AttributedString footer(Ui ui, Styles st, Glyphs g, int width) {
        if (ui.typing() != null) {
            return line(st.footer, "filter: " + Inert.text(ui.typing()) + g.caret() + "  (Enter applies, Esc clears)");
        }
        String filter = ui.filter().isEmpty() ? "" : "filter \"" + Inert.text(ui.filter()) + "\" " + g.dot() + " ";
        if (ui.status() != null) {
            return line(st.footer, filter + Inert.text(ui.status()));
        }
        String keys = filter + g.upDown() + "/jk select  / filter  m mute  h hold  s sort (" + ui.sort().label
                + ")  ? help  q quit";
        return line(st.footer, keys.length() <= width ? keys : filter + "jk / m h s ? q");
    }

    static final List<String> HELP = List.of(
            "Keys",
            "  ↑ ↓  j k   select a member",
            "  /          filter by text (call id, conference name, state word); Enter applies, Esc clears",
            "  m          mute or unmute the selected member (through the API; the next poll confirms it)",
            "  h          hold or unhold the selected member",
            "  s          sort members by join time, call id or state",
            "  ?          show or hide this help",
            "  q  Ctrl-C  quit",
            "",
            "Rows changed at the last polls stay highlighted for " + HIGHLIGHT.toSeconds() + " s;",
            "a member who left shows as left until the next poll.",
            "IN CONF: time since top first saw the member (>: it was there before top started);",
            "IN STATE: time since its mute, hold or coaching last changed.");

    /** Short, for a column: 45s, 12m, 3h05m, 2d04h. */
    static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m";
        }
        if (s < 86400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86400, s / 3600 % 24);
    }

    /**
     * {@code id} in at most {@code width} columns: the start and the end, with {@code mark} where the middle was.
     */
    static String shorten(String id, int width, String mark) {
        if (id.length() <= width) {
            return id;
        }
        if (width <= mark.length()) {
            return mark.substring(0, Math.max(0, width));
        }
        int tail = (width - mark.length()) / 2;
        int head = width - mark.length() - tail;
        return id.substring(0, head) + mark + id.substring(id.length() - tail);
    }

    private static AttributedString line(AttributedStyle style, String text) {
        return new AttributedString(text, style);
    }

    /** The member table's columns for a width: the call id takes what the others leave, and is shortened to fit. */
    private record Columns(int call, boolean inConf, boolean inState, boolean change, Glyphs g) {

        static Columns fit(int width, Board board, Glyphs g) {
            int longest = 7;
            for (Board.Room r : board.rooms()) {
                for (Board.Seat s : r.members()) {
                    longest = Math.max(longest, Inert.text(s.callId()).length());
                }
            }
            boolean inConf = true;
            boolean inState = true;
            boolean change = true;
            int free = width - 2 - (1 + STATE) - (1 + IN_CONF) - (1 + IN_STATE) - (1 + CHANGE);
            // on a narrow terminal the call id keeps a readable part, and the columns of least use go first
            if (free < 20) {
                change = false;
                free += 1 + CHANGE;
            }
            if (free < 16) {
                inState = false;
                free += 1 + IN_STATE;
            }
            if (free < 12) {
                inConf = false;
                free += 1 + IN_CONF;
            }
            return new Columns(Math.max(4, Math.min(longest, free)), inConf, inState, change, g);
        }

        String heading() {
            return "  " + cells("CALL ID", "STATE", "IN CONF", "IN STATE", "CHANGE");
        }

        String row(Board.Seat s, Instant now) {
            String inConf = (s.before() ? ">" : "") + age(Duration.between(s.since(), now));
            String inState = age(Duration.between(s.stateSince(), now));
            boolean recent = s.changedAt() != null && Duration.between(s.changedAt(), now).compareTo(HIGHLIGHT) < 0;
            String change = recent || s.left() ? word(s.change()) : "";
            return "  " + cells(shorten(Inert.text(s.callId()), call, g.cut()), Inert.text(state(s, g.arrow())),
                    inConf, inState, change);
        }

        private String cells(String callId, String state, String inConf, String inState, String change) {
            StringBuilder b = new StringBuilder();
            b.append(pad(callId, call)).append(' ').append(pad(cut(state, STATE), STATE));
            if (this.inConf) {
                b.append(' ').append(pad(inConf, IN_CONF));
            }
            if (this.inState) {
                b.append(' ').append(pad(inState, IN_STATE));
            }
            if (this.change) {
                b.append(' ').append(pad(change, CHANGE));
            }
            return b.toString().stripTrailing();
        }

        private String cut(String s, int width) {
            return s.length() <= width ? s : s.substring(0, width - g.cut().length()) + g.cut();
        }

        private static String pad(String s, int width) {
            return s.length() >= width ? s : s + " ".repeat(width - s.length());
        }
    }

    /** An event's type as the CHANGE column says it. */
    static String word(String change) {
        if (change == null) {
            return "";
        }
        return switch (change) {
            case "memberJoined" -> "joined";
            case "memberLeft" -> "left";
            case "coachingChanged" -> "coaching";
            default -> change;
        };
    }

    /** The styles of the screen; without colour only bold, faint and reverse video. */
    private static final class Styles {
        final boolean colour;
        final AttributedStyle header;
        final AttributedStyle warn;
        final AttributedStyle trouble;
        final AttributedStyle columns;
        final AttributedStyle room;
        final AttributedStyle footer;

        Styles(boolean colour) {
            this.colour = colour;
            AttributedStyle d = AttributedStyle.DEFAULT;
            header = d.bold();
            warn = colour ? d.foreground(AttributedStyle.YELLOW) : d;
            trouble = colour ? d.foreground(AttributedStyle.RED).bold() : d.bold();
            columns = colour ? d.foreground(AttributedStyle.CYAN) : d.faint();
            room = colour ? d.foreground(AttributedStyle.BLUE).bold() : d.bold();
            footer = d.inverse();
        }

        AttributedStyle alert(String level) {
            if (!colour) {
                return "critical".equals(level) ? AttributedStyle.BOLD : AttributedStyle.DEFAULT;
            }
            return switch (level == null ? "" : level) {
                case "critical" -> AttributedStyle.DEFAULT.foreground(AttributedStyle.RED).bold();
                case "warning" -> AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
                default -> AttributedStyle.DEFAULT;
            };
        }

        AttributedStyle seat(Board.Seat s, boolean selected, Instant now) {
            AttributedStyle style = AttributedStyle.DEFAULT;
            boolean recent = s.changedAt() != null && Duration.between(s.changedAt(), now).compareTo(HIGHLIGHT) < 0;
            if (s.left()) {
                style = colour ? style.foreground(AttributedStyle.RED) : style.faint();
            } else if (recent) {
                style = colour ? style.foreground("memberJoined".equals(s.change()) ? AttributedStyle.GREEN
                        : AttributedStyle.YELLOW).bold() : style.bold();
            }
            return selected ? style.inverse() : style;
        }
    }
}
