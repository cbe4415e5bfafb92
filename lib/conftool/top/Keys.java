package conftool.top;

import java.util.List;

/** What a key does on {@code conf top}'s screen: a plain function of the key, the choices and the members shown. */
public final class Keys {

    /** A key as the terminal reads it, before the screen's mode (typing a filter or not) gives it a meaning. */
    public enum Key { UP, DOWN, ENTER, ESCAPE, BACKSPACE, CTRL_C, CHAR, OTHER }

    /** A key pressed; {@code text} is the character for {@link Key#CHAR}. */
    public record Press(Key key, String text) {
    }

    /** What the run must do beyond showing the new choices. */
    public enum Act { NONE, QUIT, MUTE, HOLD }

    /** The choices after a key, and what to do. */
    public record Step(Ui ui, Act act) {
    }

    private Keys() {
    }

    /** While a filter is typed, letters are text (q too); Ctrl-C always quits. */
    public static Step press(Press p, Ui ui, List<Board.Seat> shown) {
        if (p.key() == Key.CTRL_C) {
            return new Step(ui, Act.QUIT);
        }
        if (ui.typing() != null) {
            return show(switch (p.key()) {
                case CHAR -> ui.type(p.text());
                case BACKSPACE -> ui.backspace();
                case ENTER -> ui.acceptTyping();
                case ESCAPE -> ui.clearFilter();
                case UP -> ui.move(-1, shown);
                case DOWN -> ui.move(1, shown);
                default -> ui;
            });
        }
        return switch (p.key()) {
            case UP -> show(ui.move(-1, shown));
            case DOWN -> show(ui.move(1, shown));
            case ESCAPE -> show(ui.clearFilter());
            case CHAR -> switch (p.text()) {
                case "k" -> show(ui.move(-1, shown));
                case "j" -> show(ui.move(1, shown));
                case "/" -> show(ui.startTyping());
                case "s" -> show(ui.nextSort());
                case "?" -> show(ui.toggleHelp());
                case "m" -> new Step(ui, Act.MUTE);
                case "h" -> new Step(ui, Act.HOLD);
                case "q" -> new Step(ui, Act.QUIT);
                default -> show(ui);
            };
            default -> show(ui);
        };
    }

    private static Step show(Ui ui) {
        return new Step(ui, Act.NONE);
    }
}
