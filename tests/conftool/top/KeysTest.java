package conftool.top;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import conftool.top.Keys.Act;
import conftool.top.Keys.Key;
import conftool.top.Keys.Press;
import org.junit.jupiter.api.Test;

/** The keys of conf top, applied to the screen's choices without a terminal. */
class KeysTest {

    private static final Board BOARD = TopViewTest.twoPolls();
    private static final String ANN = TopViewTest.CONF + " " + TopViewTest.ANN;
    private static final String BOB = TopViewTest.CONF + " " + TopViewTest.BOB;
    private static final String CAT = TopViewTest.CONF + " " + TopViewTest.CAT;

    private static Press chr(String c) {
        return new Press(Key.CHAR, c);
    }

    /** Presses the keys in turn, as the screen thread does: the selection settles on a member shown after each. */
    private static Keys.Step type(Ui ui, Press... keys) {
        Keys.Step step = new Keys.Step(ui.settle(TopView.shown(BOARD, ui)), Act.NONE);
        for (Press p : keys) {
            step = Keys.press(p, step.ui(), TopView.shown(BOARD, step.ui()));
            step = new Keys.Step(step.ui().settle(TopView.shown(BOARD, step.ui())), step.act());
        }
        return step;
    }

    @Test
    void arrowsAndJkMoveTheSelectionWithinTheMembersShown() {
        assertEquals(ANN, type(Ui.start()).ui().selected());
        assertEquals(BOB, type(Ui.start(), new Press(Key.DOWN, null)).ui().selected());
        assertEquals(CAT, type(Ui.start(), chr("j"), chr("j"), chr("j")).ui().selected(), "stops at the last");
        assertEquals(BOB, type(Ui.start(), chr("j"), chr("j"), chr("k")).ui().selected());
        assertEquals(ANN, type(Ui.start(), new Press(Key.UP, null)).ui().selected(), "stops at the first");
    }

    @Test
    void slashTypesAFilterThatEnterAppliesAndEscClears() {
        Keys.Step s = type(Ui.start(), chr("/"), chr("h"), chr("e"), chr("x"), new Press(Key.BACKSPACE, null),
                chr("l"), chr("d"));
        assertEquals("held", s.ui().typing());
        assertEquals("", s.ui().filter(), "not in force before Enter");
        s = type(s.ui(), new Press(Key.ENTER, null));
        assertEquals("held", s.ui().filter());
        assertNull(s.ui().typing());
        assertEquals(BOB, s.ui().selected(), "the first member shown is selected");
        s = type(s.ui(), new Press(Key.ESCAPE, null));
        assertEquals("", s.ui().filter());
    }

    @Test
    void lettersAreTextWhileAFilterIsTypedAndCtrlCAlwaysQuits() {
        Keys.Step s = type(Ui.start(), chr("/"), chr("q"), chr("m"), chr("j"));
        assertEquals("qmj", s.ui().typing());
        assertEquals(Act.NONE, s.act());
        assertEquals(Act.QUIT, type(s.ui(), new Press(Key.CTRL_C, null)).act());
        assertEquals(Act.QUIT, type(Ui.start(), chr("q")).act());
        assertEquals(Act.QUIT, type(Ui.start(), new Press(Key.CTRL_C, null)).act());
    }

    @Test
    void mAndHAskForAChangeOfTheSelectedMemberAndSAndQuestionMarkChangeTheScreen() {
        Keys.Step s = type(Ui.start(), chr("j"), chr("m"));
        assertEquals(Act.MUTE, s.act());
        assertEquals(BOB, s.ui().selected());
        assertEquals(Act.HOLD, type(Ui.start(), chr("h")).act());
        assertEquals(Ui.Sort.CALL, type(Ui.start(), chr("s")).ui().sort());
        assertEquals(true, type(Ui.start(), chr("?")).ui().help());
        assertEquals(Act.NONE, type(Ui.start(), chr("x"), new Press(Key.OTHER, null)).act());
    }
}
