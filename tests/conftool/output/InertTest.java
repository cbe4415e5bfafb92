package conftool.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** What a terminal would act on is written as a visible escape; everything else is left as it was. */
class InertTest {

    @Test
    void lineBreaksOfEveryKindBecomeVisibleEscapes() {
        assertEquals("c-1\\n[critical] forged\\r\\u2028\\u2029\\x85", Inert.text("c-1\n[critical] forged\r\u2028\u2029\u0085"));
    }

    @Test
    void terminalControlsBecomeVisibleEscapes() {
        assertEquals("\\x1b[2J\\v\\f\\b\\t\\x00\\x7f\\x9b31m", Inert.text("\u001b[2J\u000b\f\b\t\u0000\u007f\u009b31m"));
    }

    @Test
    void bidiOverridesIsolatesAndMarksBecomeVisibleEscapes() {
        assertEquals("\\u202aa\\u202eb\\u2066c\\u2069\\u200e\\u200f\\u061c",
                Inert.text("\u202aa\u202eb\u2066c\u2069\u200e\u200f\u061c"));
    }

    @Test
    void ordinaryTextIncludingOtherScriptsAndEmojiIsUntouched() {
        String s = "Zoë's stand-up — 会议 \uD83D\uDC4B\u200D (c-1) \\n stays";
        assertSame(s, Inert.text(s));
        assertNull(Inert.text(null));
    }
}
