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
        assertEquals(List.of("callId", "mute", "hold", "callIdsToCoach"), headers(html));
        assertEquals(3, html.split("<tr>", -1).length - 1, html);
    }

    @Test
    void cellsCarryTheirOwnStyleSoTheNotebooksCssCannotRightAlignThem() {
        String html = Html.of(new Table<>("t", Views.MEMBERS_TABLE, List.of(MEMBER)));
        java.util.regex.Matcher cells = java.util.regex.Pattern.compile("<t([hd])( [^>]*)?>").matcher(html);
        int n = 0;
        while (cells.find()) {
            String style = String.valueOf(cells.group(2));
            assertTrue(style.contains("text-align:left"), cells.group());
            assertEquals(cells.group(1).equals("h"), style.contains("white-space:nowrap"), "headers keep one line: "
                    + cells.group());
            n++;
        }
        assertEquals(8, n, "4 headers and 4 cells");
    }

    @Test
    void aLongAlertMessageWrapsInsteadOfRunningOffThePage() {
        conftool.model.Alert a = new conftool.model.Alert("warning", "word ".repeat(60).strip(), "k", "c-1", Map.of(),
                "h", "conf-1", Instant.parse("2026-01-05T10:00:00Z"), null, conftool.model.Alert.FIRING);
        String html = Html.of(a);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<td( [^>]*)>word word").matcher(html);
        assertTrue(m.find(), html);
        assertTrue(m.group(1).contains("white-space:pre-wrap") && m.group(1).contains("overflow-wrap:break-word"),
                m.group());
    }

    @Test
    void nestedValuesShowAsJsonAndNullAsADash() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("call", "c-1");
        a.put("labels", Map.of("team", "ops"));
        a.put("list", List.of(Map.of("n", 1)));
        a.put("none", null);
        Table<Object> t = Table.ofValues("t", java.util.Arrays.asList(a));
        assertEquals("{\"team\":\"ops\"}", t.cell(0, "labels"));
        assertEquals("[{\"n\":1}]", t.cell(0, "list"));
        assertEquals("-", t.cell(0, "none"));
        String html = Html.of(t);
        assertTrue(html.contains("{&quot;team&quot;:&quot;ops&quot;}"), html);
        assertFalse(html.contains("team=ops"), html);
        assertEquals("-", Table.ofValues("t", java.util.Arrays.asList("x", null)).cell(1, "value"));
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
        assertEquals("-", maps.cell(1, "muted"));
        assertEquals(List.of("value"), Table.ofValues("t", List.of("x", 1)).headers());
    }

    @Test
    void aConferenceShowsItsFieldsThenItsMembers() {
        Conference c = new Conference("conf-1", "standup", Instant.parse("2026-01-05T10:00:00Z"), null, null, null,
                null, List.of(MEMBER));
        String html = Html.of(c);
        assertTrue(html.indexOf(">Conference standup</caption>") < html.indexOf(">Members</caption>"), html);
        assertTrue(html.contains("1 (1 muted, 0 on hold)"), html);
        for (String field : List.of("id", "name", "createdTime", "completedTime", "conferenceEventUrl",
                "conferenceEventMethod", "tag", "activeMembers")) {
            assertTrue(html.contains(">" + field + "</th>"), "the fields the terminal shows: " + field + " in " + html);
        }
    }

    @Test
    void otherValuesHaveNoHtmlViewButConfHtmlStillEscapesThem() {
        assertNull(Html.of("plain"));
        assertEquals("a &lt; b", Conf.html("a < b"));
    }
}
