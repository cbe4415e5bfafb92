package conftool.notebook;

import conftool.model.Conference;
import conftool.model.ConferenceMember;
import conftool.output.Views;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;

/** The text a notebook shows beside the HTML (and that text-only front ends show): the command line's layout. */
final class Text {

    private Text() {
    }

    static String of(Object value) {
        if (value instanceof Conference c) {
            return print(out -> Views.conference(out, c));
        }
        if (value instanceof ConferenceMember m) {
            return print(out -> Views.member(out, m));
        }
        return String.valueOf(value);
    }

    private static String print(Consumer<PrintWriter> view) {
        StringWriter s = new StringWriter();
        PrintWriter out = new PrintWriter(s);
        view.accept(out);
        out.flush();
        return s.toString().stripTrailing();
    }
}
