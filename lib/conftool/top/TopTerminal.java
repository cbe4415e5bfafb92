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
import org.jline.utils.NonBlockingReader;

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
    private volatile Size size;
    private volatile boolean closing;
    private Thread keyReader;
    private boolean closed;

    private TopTerminal(Terminal terminal, Map<String, String> env) {
        this.terminal = terminal;
        this.saved = terminal.enterRawMode();
        // Ctrl-C and Ctrl-Z arrive as keys: quitting goes through the same restore as q
        Attributes raw = terminal.getAttributes();
        raw.setLocalFlag(Attributes.LocalFlag.ISIG, false);
        // reads block until a key comes (raw mode's VMIN 0, VTIME 1 would make an idle second look like the end)
        raw.setControlChar(Attributes.ControlChar.VMIN, 1);
        raw.setControlChar(Attributes.ControlChar.VTIME, 0);
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
        this.size = terminal.getSize();
        display.resize(size.getRows(), size.getColumns());
    }

    /**
     * Takes over the system terminal. Fails (IOException) where there is none, or none that can place the cursor;
     * the caller has checked that stdout is a terminal.
     */
    public static TopTerminal open(Map<String, String> env) throws IOException {
        // exec (stty) first: it gives the terminal back exactly as it found it. JLine 3.30.6's JNI provider, on
        // Linux, sets the line speed to 0 and swaps VMIN and VTIME when it restores (seen with `stty -g` before and
        // after, TopTmuxTest); the exec provider only ever names the flags it changes.
        // JLine's pty reads with a timeout by setting VMIN and VTIME on every read after they changed: a read racing
        // the restore at the end put the terminal back into raw mode (seen under load, with `stty -g` before and
        // after). Blocking reads on a thread of JLine's own change nothing.
        System.setProperty(TerminalBuilder.PROP_NON_BLOCKING_READS, "false");
        Terminal t = TerminalBuilder.builder().system(true).name("conf top").providers("exec,ffm,jni").build();
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

    /** The size as of the last resize: asking the terminal runs stty, which a redraw a second need not pay. */
    public Size size() {
        return size;
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
                while (!closing) {
                    // wait for a key a tenth of a second at a time, so that close() can end this thread: a read
                    // sets the terminal's VMIN and VTIME, and one after the restore would undo it
                    int next = reader.peekCharacter(100);
                    if (next == NonBlockingReader.READ_EXPIRED) {
                        continue;
                    }
                    if (next < 0) {
                        return;
                    }
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
        keyReader = t;
        t.start();
    }

    /** Draws the screen, sending only what changed since the last one. */
    public void draw(List<AttributedString> lines) {
        display.update(lines, -1);
        terminal.flush();
    }

    /** After a resize: the next draw repaints the whole screen at the new size. */
    public void resized() {
        size = terminal.getSize();
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
        closing = true;
        if (keyReader != null && keyReader != Thread.currentThread()) {
            try {
                keyReader.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            terminal.puts(Capability.cursor_normal);         // cnorm: cvvis alone leaves it hidden in tmux and screen
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
