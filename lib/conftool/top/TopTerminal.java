package conftool.top;

import conftool.top.Keys.Key;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;

/**
 * The terminal of {@code conf top}, through JLine: raw mode without signals from the keyboard (Ctrl-C is a key),
 * the alternate screen, a hidden cursor, keys read by a {@link BindingReader} on a thread of its own, redraws by
 * JLine's {@link Display} (which sends only what changed), and SIGWINCH. {@link #close()} puts everything back,
 * whatever ended the run. The only class that touches the terminal; only {@code top} loads it.
 */
public final class TopTerminal implements AutoCloseable {

    /** The terminal was resized. */
    public record Resized() {
    }

    private final Terminal terminal;
    private final Attributes saved;
    private final Display display;
    private final boolean colour;
    private boolean closed;

    private TopTerminal(Terminal terminal, Map<String, String> env) {
        this.terminal = terminal;
        this.saved = terminal.enterRawMode();
        // Ctrl-C and Ctrl-Z arrive as keys: quitting goes through the same restore as q
        Attributes raw = terminal.getAttributes();
        raw.setLocalFlag(Attributes.LocalFlag.ISIG, false);
        terminal.setAttributes(raw);
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.keypad_xmit);
        terminal.puts(Capability.cursor_invisible);
        // the alternate screen keeps the cursor where the shell left it; the display starts at the top left
        terminal.puts(Capability.clear_screen);
        terminal.flush();
        this.display = new Display(terminal, true);
        Integer colours = terminal.getNumericCapability(Capability.max_colors);
        String noColor = env.get("NO_COLOR");
        this.colour = colours != null && colours >= 8 && (noColor == null || noColor.isEmpty());
        Size size = terminal.getSize();
        display.resize(size.getRows(), size.getColumns());
    }

    /**
     * Takes over the system terminal. Fails (IOException) where there is none, or none that can place the cursor;
     * the caller has checked that stdout is a terminal.
     */
    public static TopTerminal open(Map<String, String> env) throws IOException {
        Terminal t = TerminalBuilder.builder().system(true).name("conf top").build();
        if (Terminal.TYPE_DUMB.equals(t.getType()) || Terminal.TYPE_DUMB_COLOR.equals(t.getType())
                || t.getStringCapability(Capability.cursor_address) == null) {
            t.close();
            throw new IOException("the terminal (TERM=" + env.getOrDefault("TERM", "") + ") cannot place the cursor");
        }
        return new TopTerminal(t, env);
    }

    /** Whether colours may be used: the terminal has at least 8, and {@code NO_COLOR} is not set. */
    public boolean colour() {
        return colour;
    }

    /** Whether the terminal takes UTF-8, so that the view may use marks like … and ▸. */
    public boolean unicode() {
        return StandardCharsets.UTF_8.equals(terminal.encoding());
    }

    public Size size() {
        return terminal.getSize();
    }

    /** Reads keys on a daemon thread until the terminal closes, handing each to {@code keys}; resizes too. */
    public void listen(Consumer<Object> keys) {
        terminal.handle(Terminal.Signal.WINCH, s -> keys.accept(new Resized()));
        KeyMap<Key> map = new KeyMap<>();
        // the terminfo sequence of each arrow, and both ANSI forms: a terminal that ignores keypad_xmit, or whose
        // terminfo entry names the other mode, still sends one of them
        map.bind(Key.UP, KeyMap.key(terminal, Capability.key_up), "\033[A", "\033OA");
        map.bind(Key.DOWN, KeyMap.key(terminal, Capability.key_down), "\033[B", "\033OB");
        map.bind(Key.ENTER, "\r", "\n");
        map.bind(Key.ESCAPE, KeyMap.esc());
        map.bind(Key.BACKSPACE, KeyMap.del(), KeyMap.ctrl('H'));
        map.bind(Key.CTRL_C, KeyMap.ctrl('C'));
        map.bind(Key.CHAR, KeyMap.range(" -~"));
        map.setUnicode(Key.CHAR);
        map.setNomatch(Key.OTHER);
        // Esc alone is also the start of the arrows' sequences: wait this long for the rest
        map.setAmbiguousTimeout(150);
        BindingReader reader = new BindingReader(terminal.reader());
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    Key k = reader.readBinding(map);
                    if (k == null) {
                        return;
                    }
                    keys.accept(new Keys.Press(k, k == Key.CHAR ? reader.getLastBinding() : null));
                }
            } catch (RuntimeException e) {
                // the terminal was closed under the reader: the run is ending
            }
        }, "conf-top-keys");
        t.setDaemon(true);
        t.start();
    }

    /** Draws the screen, sending only what changed since the last one. */
    public void draw(List<AttributedString> lines) {
        display.update(lines, -1);
        terminal.flush();
    }

    /** After a resize: the next draw repaints the whole screen at the new size. */
    public void resized() {
        Size size = terminal.getSize();
        display.clear();
        display.resize(size.getRows(), size.getColumns());
        terminal.puts(Capability.clear_screen);
    }

    /** Leaves the alternate screen, shows the cursor, restores echo and line mode. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            terminal.puts(Capability.cursor_visible);
            terminal.puts(Capability.keypad_local);
            terminal.puts(Capability.exit_ca_mode);
            terminal.flush();
            terminal.setAttributes(saved);
        } finally {
            try {
                terminal.close();
            } catch (IOException e) {
                // the process is ending; the attributes were put back above
            }
        }
    }
}
