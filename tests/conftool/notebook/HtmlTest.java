package conftool.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.model.Conference;
import conftool.model.ConferenceMember;
import conftool.output.Views;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a notebook page receives as text/html. */
class HtmlTest {

    static final ConferenceMember MEMBER = new ConferenceMember("c-1", "conf-1", "https://x/members/c-1", true, false,
            List.of("c-2"));

    @Test
    void valuesFromTheApiAreEscapedSoNothingRunsInThePage() {
        Conference c = new Conference("conf-1", "<script>alert('x')</script>", Instant.parse("2026-01-05T10:00:00Z"),
                null, "https://x/?a=1&b=\"2\"", "POST", "<i>", List.of(MEMBER));
        String html = Html.of(c);
        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains("<i>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), html);
        assertTrue(html.contains("https://x/?a=1&amp;b=&quot;2&quot;"), html);
    }

    @Test
    void aTableHasItsCaptionHeadersAndOneRowPerRecord() {
        String html = Html.of(new Table<>("2 members", Views.MEMBERS_TABLE, List.of(MEMBER, MEMBER)));
        assertTrue(html.contains(">2 members</caption>"), html);
        assertEquals(List.of("callId", "mute", "hold", "callIdsToCoach", "memberUrl"), headers(html));
        assertEquals(3, html.split("<tr>", -1).length - 1, html);
    }

    @Test
    void cellsCarryTheirOwnStyleSoTheNotebooksCssCannotRightAlignOrWrapThem() {
        String html = Html.of(new Table<>("t", Views.MEMBERS_TABLE, List.of(MEMBER)));
        java.util.regex.Matcher cells = java.util.regex.Pattern.compile("<t[hd]( [^>]*)?>").matcher(html);
        int n = 0;
        while (cells.find()) {
            String style = String.valueOf(cells.group(1));
            assertTrue(style.contains("text-align:left") && style.contains("white-space:nowrap"), cells.group());
            n++;
        }
        assertEquals(10, n, "5 headers and 5 cells");
    }

    /** The column headers of the first table in {@code html}. */
    static List<String> headers(String html) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<th[^>]*>([^<]*)</th>").matcher(
                html.substring(html.indexOf("<thead>"), html.indexOf("</thead>")));
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void anEmptyTableSaysNone() {
        Table<ConferenceMember> none = new Table<>("0 members", Views.MEMBERS_TABLE, List.of());
        assertTrue(Html.of(none).contains("(none)"));
        assertEquals("0 members\n(none)", none.toString());
    }

    @Test
    void mappedValuesGetOneColumnPerKeyAndScalarsOneValueColumn() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("call", "c-1");
        a.put("muted", true);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("call", "c-2");
        b.put("extra", 3);
        Table<Object> maps = Table.ofValues("t", List.of(a, b));
        assertEquals(List.of("call", "muted", "extra"), maps.headers());
        assertEquals("", maps.cell(1, "muted"));
        assertEquals(List.of("value"), Table.ofValues("t", List.of("x", 1)).headers());
    }

    @Test
    void aConferenceShowsItsFieldsThenItsMembers() {
        Conference c = new Conference("conf-1", "standup", Instant.parse("2026-01-05T10:00:00Z"), null, null, null,
                null, List.of(MEMBER));
        String html = Html.of(c);
        assertTrue(html.indexOf(">Conference standup</caption>") < html.indexOf(">Members</caption>"), html);
        assertTrue(html.contains("1 (1 muted, 0 on hold)"), html);
    }

    @Test
    void otherValuesHaveNoHtmlViewButConfHtmlStillEscapesThem() {
        assertNull(Html.of("plain"));
        assertEquals("a &lt; b", Conf.html("a < b"));
    }
}
