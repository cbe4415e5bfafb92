package conftool.top;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.sim.World;
import conftool.support.Needed;
import conftool.support.TestSimulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conf top} in a real terminal: tmux (a server of the test's own, on its own socket) runs a shell of fixed
 * size, the shell runs conf against the simulator, and the test reads the screen with {@code capture-pane} and
 * types with {@code send-keys}. Every wait has a deadline; the tmux server is killed whatever happens.
 */
class TopTmuxTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String PROMPT = "shell-ready$ ";

    @TempDir
    Path dir;
    private Path socket;

    @AfterEach
    void killTmux() throws Exception {
        if (socket != null) {
            tmux("kill-server");
        }
    }

    @Test
    void topShowsTheConferenceFollowsAChangeFiltersShowsARefusalMutesAndHoldsThroughTheApiAndQuitsRestoringTheScreen() throws Exception {
        Needed.tool(onPath("tmux"), "tmux is not installed (apt-get install tmux): the end-to-end test of conf top"
                + " runs it in a tmux pane");
        try (TestSimulator t = new TestSimulator()) {
            World world = t.sim.world();
            String conference = world.createConference("incident-bridge", null, null, false);
            String first = world.join(conference, "+15550001");
            String second = world.join(conference, "+15550002");
            String third = world.join(conference, "+15550003");

            Path script = startTop(t, TestSimulator.PASSWORD, "--all");

            // the conference and its three members, as the API has them
            String shown = screen(s -> s.contains("incident-bridge") && s.contains(first) && s.contains(second)
                    && s.contains(third), "the conference with its members");
            assertTrue(shown.contains("conf top") && shown.contains("account " + TestSimulator.ACCOUNT), shown);
            assertTrue(row(shown, second).contains("active"), shown);

            // a change made in the API shows on the member's row within the interval
            world.setHold(conference, second, true);
            // (within two intervals of 1 s, and a margin for a loaded machine)
            shown = screen(s -> row(s, second).contains("held"), "the second member held", Duration.ofSeconds(5));

            // the filter: only the third member is left, and it is selected
            tmux("send-keys", "-t", "top", "/");
            tmux("send-keys", "-t", "top", "-l", third.substring(third.length() - 12));
            tmux("send-keys", "-t", "top", "Enter");
            shown = screen(s -> s.contains(third) && !s.contains(first) && !s.contains(second),
                    "only the third member");

            // the API's refusal shows in the status line, and changes nothing
            t.sim.faults().add(conftool.sim.Fault.status(409).times(1).on("PUT", third));
            tmux("send-keys", "-t", "top", "m");
            shown = screen(s -> s.contains("the API refused to mute " + third), "the API's refusal");
            assertFalse(world.isMuted(conference, third));

            // m mutes the selected member through the API, and the next poll shows it
            tmux("send-keys", "-t", "top", "m");
            shown = screen(s -> row(s, third).contains("muted"), "the third member muted");
            assertTrue(world.isMuted(conference, third), "the simulator has the member muted");
            assertTrue(t.sim.requests().stream().anyMatch(r -> r.startsWith("PUT ")
                    && r.endsWith("/conferences/" + conference + "/members/" + third)), t.sim.requests().toString());
            assertFalse(world.isMuted(conference, first), "only the selected member was changed");

            // h holds it the same way
            tmux("send-keys", "-t", "top", "h");
            shown = screen(s -> row(s, third).contains("muted held"), "the third member muted and held");
            assertTrue(t.client().member(conference, third).isHeld(), "the simulator has the member held");

            // q: exit 0, the terminal's modes as they were, and the alternate screen left: the shell is back
            quit();
            shown = screen(s -> s.strip().endsWith(PROMPT.strip()), "the shell's prompt after top");
            assertFalse(shown.contains("conf top ·") || shown.contains(third), shown);
            assertTrue(shown.contains("bash '" + script + "'"), "the shell's screen as it was: " + shown);
        }
    }

    @Test
    void ctrlCAndSigtermEndTopWithExit0AndTheShellsScreenBack() throws Exception {
        Needed.tool(onPath("tmux"), "tmux is not installed (apt-get install tmux)");
        try (TestSimulator t = new TestSimulator()) {
            Path script = script(t, TestSimulator.PASSWORD, World.SEED_CONFERENCE_ID);
            startShell();
            for (String how : List.of("Ctrl-C", "SIGTERM")) {
                Files.deleteIfExists(dir.resolve("exit.txt"));
                tmux("send-keys", "-t", "top", "clear; bash '" + script + "'", "Enter");
                screen(s -> s.contains(World.SEED_MUTED_CALL_ID), "the example conference");
                if (how.equals("Ctrl-C")) {
                    // a resize redraws at the new size, and a terminal under 80x24 says so
                    tmux("resize-window", "-t", "top", "-x", "70", "-y", "20");
                    screen(s -> s.contains("terminal 70x20 is under 80x24"), "the narrow terminal's notice");
                    tmux("resize-window", "-t", "top", "-x", "120", "-y", "40");
                    screen(s -> s.contains("conf top ·") && !s.contains("is under 80x24"), "the full size again");
                    tmux("send-keys", "-t", "top", "C-c");
                } else {
                    long shell = Long.parseLong(Files.readString(dir.resolve("pid.txt")).strip());
                    ProcessHandle conf = ProcessHandle.of(shell).orElseThrow().children().findFirst().orElseThrow();
                    new ProcessBuilder("kill", "-TERM", Long.toString(conf.pid())).start().waitFor();
                }
                assertEquals(0, exitCode(), how + ": " + Files.readString(dir.resolve("err.txt")));
                String shown = screen(s -> s.strip().endsWith(PROMPT.strip()), "the shell's prompt after " + how);
                assertFalse(shown.contains("conf top ·"), how + ": " + shown);
            }
        }
    }

    @Test
    void theHooksFilterNarrowsTheMembersShownAndAlertsShowInThePaneWithTheirLevel() throws Exception {
        Needed.tool(onPath("tmux"), "tmux is not installed (apt-get install tmux)");
        try (TestSimulator t = new TestSimulator()) {
            Path hook = dir.resolve("held.js");
            Files.writeString(hook, "export function alert(c) { return (c.activeMembers ?? []).filter(m => m.hold)"
                    + ".map(m => ({level: 'warning', message: 'on hold: ' + m.callId, key: m.callId})); }");
            startTop(t, TestSimulator.PASSWORD, World.SEED_CONFERENCE_ID, "--filter", "m.mute", "--hook",
                    "'" + hook + "'");
            String shown = screen(s -> s.contains(World.SEED_MUTED_CALL_ID), "the muted member");
            assertFalse(shown.contains(World.SEED_OTHER_CALL_ID), "the filter keeps only the muted member: " + shown);
            t.sim.world().setHold(World.SEED_CONFERENCE_ID, World.SEED_OTHER_CALL_ID, true);
            shown = screen(s -> s.contains("[warning] on hold: " + World.SEED_OTHER_CALL_ID), "the alert in the pane");
            quit();
        }
    }

    @Test
    void failingPollsShowAPlainLineUnderTheHeaderUntilThePollsAnswerAgain() throws Exception {
        Needed.tool(onPath("tmux"), "tmux is not installed (apt-get install tmux)");
        try (TestSimulator t = new TestSimulator()) {
            startTop(t, TestSimulator.PASSWORD, World.SEED_CONFERENCE_ID, "--attempts", "1");
            screen(s -> s.contains(World.SEED_MUTED_CALL_ID), "the example conference");
            t.sim.faults().add(conftool.sim.Fault.status(503).times(3).on("GET", World.SEED_CONFERENCE_ID));
            String shown = screen(s -> s.contains("polls failing: "), "the failing polls' line");
            assertTrue(shown.contains(World.SEED_MUTED_CALL_ID), "the last known members stay: " + shown);
            screen(s -> !s.contains("polls failing: ") && s.contains(World.SEED_MUTED_CALL_ID), "the line gone");
            quit();
        }
    }

    @Test
    void aFailureRestoresTheScreenThenPrintsTheError() throws Exception {
        Needed.tool(onPath("tmux"), "tmux is not installed (apt-get install tmux)");
        try (TestSimulator t = new TestSimulator()) {
            startTop(t, "a-wrong-password", "--all");
            assertEquals(3, exitCode(), "credentials refused: exit 3");
            String shown = screen(s -> s.strip().endsWith(PROMPT.strip()), "the shell's prompt after the failure");
            assertFalse(shown.contains("conf top ·"), shown);
            String err = Files.readString(dir.resolve("err.txt"));
            assertTrue(err.contains("401") || err.toLowerCase(java.util.Locale.ROOT).contains("credentials"), err);
        }
    }

    /**
     * A script that runs conf top against the simulator, then writes its exit code; the credentials reach conf
     * through this file, which only the test can read, not through tmux's command line.
     */
    private Path script(TestSimulator t, String password, String... args) throws IOException {
        Path script = dir.resolve("top.sh");
        Files.writeString(script, String.join("\n",
                "echo $$ > '" + dir.resolve("pid.txt") + "'",
                "export BW_USERNAME=" + TestSimulator.USER + " BW_PASSWORD=" + password
                        + " BW_ACCOUNT_ID=" + TestSimulator.ACCOUNT + " CONF_BASE_URL=" + t.sim.baseUrl()
                        + " CONF_CONFIG=/nonexistent/conf-config LANG=C.UTF-8",
                "unset NO_COLOR CONF_TERMINAL",
                "stty -g > '" + dir.resolve("stty-before.txt") + "'",
                "'" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp '"
                        + System.getProperty("java.class.path") + "' conftool.cli.Main top --interval 1s "
                        + String.join(" ", args) + " 2>'" + dir.resolve("err.txt") + "'",
                "code=$?",
                // the terminal's modes (echo, line editing, signals) as conf found them, and as it left them
                "stty -g > '" + dir.resolve("stty-after.txt") + "'",
                "echo \"EXIT=$code\" > '" + dir.resolve("exit.txt") + "'", ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    /** Starts a shell in tmux and conf top in it, through {@link #script}. */
    private Path startTop(TestSimulator t, String password, String... args) throws Exception {
        Path script = script(t, password, args);
        startShell();
        tmux("send-keys", "-t", "top", "bash '" + script + "'", "Enter");
        return script;
    }

    /** A shell of its own tmux server, 120x40, with a prompt the test knows. */
    private void startShell() throws Exception {
        socket = dir.resolve("tmux.sock");
        tmux("new-session", "-d", "-x", "120", "-y", "40", "-s", "top", "env", "PS1=" + PROMPT,
                "bash", "--norc", "--noprofile");
        screen(s -> s.contains(PROMPT.strip()), "the shell's prompt");
    }

    /** q, and conf top ends with exit 0. */
    private void quit() throws Exception {
        tmux("send-keys", "-t", "top", "q");
        assertEquals(0, exitCode(), Files.readString(dir.resolve("err.txt")));
    }

    /** The exit code the script wrote, once it wrote it; the terminal's modes are back as they were. */
    private int exitCode() throws Exception {
        int code = exitCodeWritten();
        assertEquals(Files.readString(dir.resolve("stty-before.txt")), Files.readString(dir.resolve("stty-after.txt")),
                "the terminal's modes (stty -g) after conf top are those before it");
        assertEquals("1", tmux("display-message", "-p", "-t", "top", "#{cursor_flag}").strip(),
                "the cursor is shown again after conf top");
        return code;
    }

    /** The exit code the script wrote once conf ended, waited for with a deadline. */
    private int exitCodeWritten() throws Exception {
        Path exit = dir.resolve("exit.txt");
        long until = System.nanoTime() + DEADLINE.toNanos();
        while (!Files.exists(exit) || !Files.readString(exit).endsWith("\n")) {
            assertTrue(System.nanoTime() < until, "conf top did not end: " + capture());
            Thread.sleep(100);
        }
        return Integer.parseInt(Files.readString(exit).strip().replace("EXIT=", ""));
    }

    /** The screen's line about this call, or "". */
    private static String row(String screen, String callId) {
        return screen.lines().filter(l -> l.contains(callId)).findFirst().orElse("");
    }

    /** Captures the pane until {@code ready} holds, failing with the last screen at the deadline. */
    private String screen(Predicate<String> ready, String what) throws Exception {
        return screen(ready, what, DEADLINE);
    }

    private String screen(Predicate<String> ready, String what, Duration deadline) throws Exception {
        long until = System.nanoTime() + deadline.toNanos();
        String last = "";
        while (System.nanoTime() < until) {
            last = capture();
            if (ready.test(last)) {
                return last;
            }
            Thread.sleep(150);
        }
        String err = Files.exists(dir.resolve("err.txt")) ? Files.readString(dir.resolve("err.txt")) : "";
        throw new AssertionError("no " + what + " on the screen within " + deadline + ":\n" + last + "\nstderr: "
                + err);
    }

    private String capture() throws Exception {
        return tmux("capture-pane", "-p", "-t", "top");
    }

    private String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket.toString(), "-f", "/dev/null"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("TMUX");
        pb.environment().put("LANG", "C.UTF-8");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("tmux " + String.join(" ", args) + " did not end");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 && !args[0].equals("kill-server")) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + text);
        }
        return text;
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
