package conftool.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A notebook after execution (by nbconvert or by {@code tests/jjava/NotebookRunner}), read for assertions. */
final class ExecutedNotebook {

    private final List<JsonObject> codeCells = new ArrayList<>();

    ExecutedNotebook(Path file) throws IOException {
        try (JsonReader r = Json.createReader(new StringReader(Files.readString(file)))) {
            for (JsonValue v : r.readObject().getJsonArray("cells")) {
                JsonObject cell = v.asJsonObject();
                if (cell.getString("cell_type").equals("code")) {
                    codeCells.add(cell);
                }
            }
        }
    }

    int size() {
        return codeCells.size();
    }

    List<JsonObject> outputs(int cell) {
        JsonObject c = codeCells.get(cell);
        return c.containsKey("outputs") ? c.getJsonArray("outputs").getValuesAs(JsonObject.class) : List.of();
    }

    /** The cell's value as text/plain (its execute_result), or null. */
    String result(int cell) {
        return data(cell, "execute_result", "text/plain");
    }

    /** The cell's value as text/html, or null. */
    String html(int cell) {
        return data(cell, "execute_result", "text/html");
    }

    String stream(int cell, String name) {
        return outputs(cell).stream()
                .filter(o -> o.getString("output_type").equals("stream") && o.getString("name").equals(name))
                .map(o -> text(o.get("text")))
                .collect(Collectors.joining());
    }

    List<String> errors() {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < codeCells.size(); i++) {
            for (JsonObject o : outputs(i)) {
                if (o.getString("output_type").equals("error")) {
                    errors.add("cell " + (i + 1) + ": " + o.getString("ename") + ": " + o.getString("evalue"));
                }
            }
        }
        return errors;
    }

    private String data(int cell, String type, String mime) {
        return outputs(cell).stream()
                .filter(o -> o.getString("output_type").equals(type) && o.getJsonObject("data").containsKey(mime))
                .map(o -> text(o.getJsonObject("data").get(mime)))
                .findFirst().orElse(null);
    }

    /** Jupyter stores text as one string or as a list of lines. */
    private static String text(JsonValue v) {
        if (v instanceof JsonString s) {
            return s.getString();
        }
        return v.asJsonArray().getValuesAs(JsonString.class).stream().map(JsonString::getString)
                .collect(Collectors.joining());
    }

    /** What notebooks/conf-demo.ipynb must show, cell by cell, whatever ran it. */
    void assertExampleOutputs() {
        assertEquals(List.of(), errors());
        assertEquals(12, size(), "code cells of notebooks/conf-demo.ipynb");
        assertTrue(result(0).matches("\\d+ jars of conf on the classpath"), result(0));
        assertTrue(result(1).startsWith("conf connected to the simulator at http://127.0.0.1:"), result(1));
        assertFalse(result(1).contains("password"), result(1));

        assertTrue(result(2).startsWith("4 conferences"), result(2));
        assertTrue(html(2).contains(">4 conferences</caption>"), html(2));
        assertTrue(html(2).contains(">myconf</td>"), html(2));
        assertEquals(5, count(html(2), "<tr>"), "a header row and four conferences");

        assertTrue(html(3).contains(">Conference myconf</caption>"), html(3));
        assertTrue(result(3).contains("activeMembers          2 (1 muted, 0 on hold)"), result(3));

        assertTrue(result(4).startsWith("2 members of myconf"), result(4));
        assertEquals(3, count(html(4), "<tr>"), html(4));
        assertEquals(List.of("callId", "mute", "hold", "callIdsToCoach"), HtmlTest.headers(html(4)));
        assertEquals("[c-95ac8d8d-b81437f5-4586-4d5b-9b46-29f8b3fe0aaf]", result(5));

        assertEquals(List.of("call", "muted", "coaching"), HtmlTest.headers(html(6)));
        assertTrue(result(7).startsWith("1 of 2 members of myconf kept"), result(7));
        assertTrue(result(8).startsWith("1 alert\n"), result(8));
        assertTrue(html(8).contains("is muted in myconf"), html(8));

        String watch = result(9);
        List<String> types = List.of("conferenceSeen", "memberJoined", "muted");
        int at = -1;
        for (String t : types) {
            int next = watch.indexOf(t, at + 1);
            assertTrue(next > at, "event " + t + " in order in:\n" + watch);
            at = next;
        }
        assertTrue(HtmlTest.headers(html(9)).contains("type"), html(9));
        assertEquals("[conferenceSeen, memberJoined, muted]", result(10));
    }

    /** Jupyter shows a cell's stderr to the reader: the example writes nothing there. */
    void assertNothingOnStderr() {
        for (int i = 0; i < size(); i++) {
            assertEquals("", stream(i, "stderr"), "nothing on stderr in cell " + (i + 1));
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
