package conftool.notebook;

import conftool.model.Alert;
import conftool.model.Conference;
import conftool.model.ConferenceMember;
import conftool.model.Event;
import conftool.output.Column;
import conftool.output.Views;
import java.util.List;

/**
 * HTML for what a notebook cell returns. Every value from the API or a hook is escaped: a conference named
 * {@code <script>} shows as text and runs nothing in the notebook's page.
 */
public final class Html {

    // Inline styles: a notebook front end's own table CSS (JupyterLab right-aligns cells) beats a <style> block.
    private static final String TABLE = "<table style=\"border-collapse:collapse;margin:4px 0\">";
    private static final String CAPTION = "<caption style=\"text-align:left;font-weight:bold;padding:4px 0\">";
    // Headers stay on one line; a cell wraps at its spaces once the table is as wide as the page (a long alert
    // message), and only then: ids and times have no spaces and keep whole.
    private static final String CELL = " style=\"text-align:left;vertical-align:top;padding:2px 10px 2px 0;"
            + "font-family:monospace;";
    private static final String TH = "<th" + CELL + "white-space:nowrap\">";
    private static final String TD = "<td" + CELL + "white-space:pre-wrap;overflow-wrap:break-word\">";
    private static final String DIM = "<span style=\"opacity:.6\">";

    private Html() {
    }

    /** HTML for any result of the notebook API; null when conf has no HTML view of it. */
    public static String of(Object value) {
        if (value instanceof Table<?> t) {
            return table(t);
        }
        if (value instanceof Conference c) {
            return conference(c);
        }
        if (value instanceof ConferenceMember m) {
            return table(new Table<>(null, Views.MEMBERS_WIDE, List.of(m)));
        }
        if (value instanceof HookResult r) {
            return hookResult(r);
        }
        if (value instanceof WatchResult w) {
            return table(w.events()) + (w.alerts().isEmpty() ? "" : table(w.alerts())) + problems(w.problems());
        }
        if (value instanceof Event e) {
            return table(new Table<>(null, Columns.EVENTS, List.of(e)));
        }
        if (value instanceof Alert a) {
            return table(new Table<>(null, Columns.ALERTS, List.of(a)));
        }
        return null;
    }

    public static <T> String table(Table<T> t) {
        StringBuilder h = new StringBuilder(TABLE);
        if (t.title() != null) {
            h.append(CAPTION).append(escape(t.title())).append("</caption>");
        }
        h.append("<thead><tr>");
        for (Column<T> c : t.columns()) {
            h.append(TH).append(escape(c.header())).append("</th>");
        }
        h.append("</tr></thead><tbody>");
        for (T row : t) {
            h.append("<tr>");
            for (Column<T> c : t.columns()) {
                h.append(TD).append(cell(c.text(row))).append("</td>");
            }
            h.append("</tr>");
        }
        if (t.isEmpty()) {
            h.append("<tr><td colspan=\"").append(t.columns().size()).append("\">").append(DIM)
                    .append("(none)</span></td></tr>");
        }
        return h.append("</tbody></table>").toString();
    }

    static String conference(Conference c) {
        List<ConferenceMember> members = c.members();
        StringBuilder h = new StringBuilder(TABLE).append(CAPTION).append("Conference ")
                .append(escape(c.name() == null ? c.id() : c.name())).append("</caption><tbody>");
        // the fields the terminal shows, so that a notebook reader sees the same conference
        Views.conferenceFields(c, members.size()).forEach((name, value) -> row(h, name, value));
        h.append("</tbody></table>");
        if (!members.isEmpty()) {
            h.append(table(new Table<>("Members", Columns.MEMBERS, members)));
        }
        return h.toString();
    }

    static String hookResult(HookResult r) {
        StringBuilder h = new StringBuilder();
        h.append(r.mapped() != null ? table(r.mapped()) : table(r.members()));
        if (!r.alerts().isEmpty()) {
            h.append(table(r.alerts()));
        }
        return h.append(problems(r.failures())).toString();
    }

    /** Problems in red under the tables, so that a notebook reader does not miss them. */
    private static String problems(List<String> problems) {
        if (problems.isEmpty()) {
            return "";
        }
        StringBuilder h = new StringBuilder("<ul style=\"color:#b00020;font-family:monospace\">");
        problems.forEach(p -> h.append("<li>").append(escape(p)).append("</li>"));
        return h.append("</ul>").toString();
    }

    private static void row(StringBuilder h, String name, String value) {
        h.append("<tr>").append(TH).append(escape(name)).append("</th>").append(TD).append(cell(value))
                .append("</td></tr>");
    }

    private static String cell(String text) {
        if (text == null || text.isEmpty()) {
            return DIM + "-</span>";
        }
        if (text.equals("yes") || text.equals("true")) {
            return "<b>" + text + "</b>";
        }
        return escape(text);
    }

    /** Escapes the five characters that could open markup or end an attribute. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
