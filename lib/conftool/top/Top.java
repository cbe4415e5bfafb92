package conftool.top;

import conftool.alerts.AlertSink;
import conftool.model.Conference;
import conftool.model.ConferenceMember;
import conftool.model.Event;
import conftool.model.MemberUpdate;
import conftool.output.Inert;
import conftool.watch.Cadence;
import conftool.watch.Watcher;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

/**
 * {@code conf top}'s two threads: the poll thread runs watch's {@link Cadence} over a {@link Watcher} and makes a
 * {@link Board} after each cycle (hooks run there, as in watch); the screen thread owns the terminal, applies keys to
 * the {@link Ui}, and draws {@link TopView#render}. They meet in one queue, so the screen never waits for the API.
 * Mute and hold go to the API on a third thread; its refusal shows in the status line.
 */
public final class Top {

    /** Changes a member through the API (the client's {@code updateMember}). */
    public interface Updater {
        void update(String conferenceId, String callId, MemberUpdate update);
    }

    private record Status(String line) {
    }

    private record Crash(Throwable cause) {
    }

    private record Quit() {
    }

    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final Cadence cadence;
    private final Updater updater;
    private final List<Event> cycleEvents = new ArrayList<>();
    private final List<String> cycleWarnings = new ArrayList<>();
    private final PrintWriter warnings = new PrintWriter(new LineWriter(this::warned), true);
    private final PrintWriter status = new PrintWriter(new LineWriter(l -> inbox.add(new Status(l))), true);
    private Board board;
    private String lastWarning;

    public Top(String account, Duration interval, Updater updater) {
        this.board = Board.empty(account, interval);
        // an overrun's warning goes to the header, as a failed poll's does: nothing may write over the screen
        this.cadence = new Cadence(interval, warnings);
        this.updater = updater;
    }

    /** Where the watcher sends its events: they make the next board's changes. */
    public void event(Event e) {
        synchronized (cycleEvents) {
            cycleEvents.add(e);
        }
    }

    /** Where the watcher writes its warnings (a failed poll): the header's trouble line. */
    public PrintWriter warnings() {
        return warnings;
    }

    /** Where hooks' console lines and the alert sinks' own trouble go: the status line. */
    public PrintWriter status() {
        return status;
    }

    /** The alert pane, as a sink of the alert engine. */
    public AlertSink alertPane() {
        return inbox::add;
    }

    /** Ends the run as q does; for SIGTERM and SIGINT. */
    public void stop() {
        inbox.add(new Quit());
        cadence.stop();
    }

    private void warned(String line) {
        synchronized (cycleWarnings) {
            cycleWarnings.add(line.replaceFirst("^conf: warning: ", ""));
        }
    }

    /** After each cycle, on the poll thread: the next board, with the members the hooks' filter keeps. */
    private void polled(Watcher watcher, BiPredicate<Conference, ConferenceMember> kept) {
        List<Event> events;
        synchronized (cycleEvents) {
            events = List.copyOf(cycleEvents);
            cycleEvents.clear();
        }
        List<String> warned;
        synchronized (cycleWarnings) {
            warned = List.copyOf(cycleWarnings);
            cycleWarnings.clear();
        }
        var state = watcher.state().conferences();
        if (!warned.isEmpty()) {
            lastWarning = warned.get(warned.size() - 1);
        }
        long missing = state.values().stream().filter(p -> p.missedPolls() > 0 && !p.gone()).count();
        String trouble = null;
        if (!warned.isEmpty()) {
            trouble = String.join("; ", warned);
        } else if (missing > 0) {
            // watch warns once per failing conference; while it keeps failing, the header still says so
            trouble = missing + " of " + state.size() + " conferences missed the last poll"
                    + (lastWarning == null ? "" : " (" + lastWarning + ")");
        }
        board = Boards.next(board, Instant.now(), state, events, kept, trouble);
        inbox.add(board);
    }

    /**
     * Runs until q, Ctrl-C or {@link #stop()}: polls on a thread of its own, draws and reads keys here. A failure of
     * the polls (credentials refused, a hook that fails) ends the run and is thrown, after the poll thread ended.
     */
    public void run(TopTerminal terminal, Watcher watcher, BiPredicate<Conference, ConferenceMember> kept)
            throws Exception {
        Thread poller = new Thread(() -> {
            try {
                cadence.run(watcher, 0, () -> {
                    polled(watcher, kept);
                    return false;
                });
            } catch (Throwable e) {
                inbox.add(new Crash(e));
            }
        }, "conf-top-poll");
        poller.setDaemon(true);
        ExecutorService actions = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "conf-top-action");
            t.setDaemon(true);
            return t;
        });
        Board shownBoard = board;
        Ui ui = Ui.start();
        terminal.listen(inbox::add);
        poller.start();
        try {
            while (true) {
                draw(terminal, shownBoard, ui);
                Object m = inbox.poll(1, TimeUnit.SECONDS);
                // take whatever else is waiting too, and draw once
                while (m != null) {
                    if (m instanceof Quit) {
                        return;
                    }
                    if (m instanceof Crash c) {
                        throw c.cause() instanceof Exception e ? e : new IllegalStateException(c.cause());
                    }
                    if (m instanceof Board b) {
                        shownBoard = b;
                    } else if (m instanceof conftool.model.Alert a) {
                        ui = ui.withAlert(a);
                    } else if (m instanceof Status s) {
                        ui = ui.withStatus(s.line());
                    } else if (m instanceof TopTerminal.Resized) {
                        terminal.resized();
                    } else if (m instanceof Keys.Press p) {
                        List<Board.Seat> shown = TopView.shown(shownBoard, ui);
                        Keys.Step step = Keys.press(p, ui, shown);
                        ui = switch (step.act()) {
                            case QUIT -> null;
                            case MUTE -> change(step.ui(), shown, actions, true);
                            case HOLD -> change(step.ui(), shown, actions, false);
                            case NONE -> step.ui();
                        };
                        if (ui == null) {
                            return;
                        }
                    }
                    ui = ui.settle(TopView.shown(shownBoard, ui));
                    m = inbox.poll();
                }
            }
        } finally {
            cadence.stop();
            actions.shutdownNow();
            // the cycle in flight is cancelled and saves; it ends well within the 2 s a stop may take
            poller.join(1500);
        }
    }

    private void draw(TopTerminal terminal, Board b, Ui ui) {
        var size = terminal.size();
        // a terminal that does not tell its size (0x0) gets the classic one
        int width = size.getColumns() > 0 ? size.getColumns() : 80;
        int height = size.getRows() > 0 ? size.getRows() : 24;
        terminal.draw(TopView.render(b, ui, new TopView.Frame(width, height, Instant.now(), ZoneId.systemDefault(),
                terminal.colour(), terminal.unicode())));
    }

    /** m and h: toggles the selected member's mute or hold through the API, off the screen thread. */
    private Ui change(Ui ui, List<Board.Seat> shown, ExecutorService actions, boolean mute) {
        Board.Seat s = shown.stream().filter(x -> x.key().equals(ui.selected())).findFirst().orElse(null);
        if (s == null) {
            return ui.withStatus("no member selected");
        }
        String call = Inert.text(s.callId());
        if (s.left()) {
            return ui.withStatus(call + " has left");
        }
        boolean on = mute ? !s.muted() : !s.held();
        String verb = mute ? (on ? "mute" : "unmute") : (on ? "hold" : "unhold");
        MemberUpdate update = mute ? new MemberUpdate(on, null, null) : new MemberUpdate(null, on, null);
        actions.submit(() -> {
            try {
                updater.update(s.conferenceId(), s.callId(), update);
                inbox.add(new Status("asked the API to " + verb + " " + call + "; the next poll shows it"));
                cadence.pollNow();
            } catch (RuntimeException e) {
                inbox.add(new Status("the API refused to " + verb + " " + call + ": " + e.getMessage()));
            }
        });
        return ui.withStatus(verb + " " + call + " ...");
    }

    /** A writer that hands over each complete line. */
    private static final class LineWriter extends Writer {
        private final java.util.function.Consumer<String> lines;
        private final StringBuilder pending = new StringBuilder();

        LineWriter(java.util.function.Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (buf[i] == '\n') {
                    lines.accept(pending.toString().stripTrailing());
                    pending.setLength(0);
                } else {
                    pending.append(buf[i]);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
