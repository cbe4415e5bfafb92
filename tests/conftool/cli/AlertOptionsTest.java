package conftool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.sim.World;
import conftool.support.Cli;
import conftool.support.TestSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alert sink options on the command line: --alert-exec and --alert-webhook, as watch and listen take them. */
class AlertOptionsTest {

    private final TestSimulator t = new TestSimulator();
    private final Cli cli = Cli.against(t);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        t.close();
    }

    private String alerting() throws Exception {
        Path hook = dir.resolve("alerting.js");
        Files.writeString(hook, "export function alert(c) { return {level: 'warning', message: 'seen ' + c.id}; }");
        return hook.toString();
    }

    @Test
    void alertExecOutputStaysOutOfTheEventStream() throws Exception {
        var r = cli.run("watch", World.SEED_CONFERENCE_ID, "--cycles", "1", "--hook", alerting(),
                "--alert-exec", "echo X-from-the-command", "-o", "ndjson");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().lines().allMatch(l -> l.startsWith("{")), "stdout is NDJSON only: " + r.out());
        assertTrue(r.err().lines().anyMatch(l -> l.equals("X-from-the-command")), r.err());
    }

    @Test
    void alertExecCommandsDoNotGetConfsPassword() throws Exception {
        Path env = dir.resolve("env.txt");
        var r = cli.env("PATH", System.getenv("PATH")).env("CONF_LISTEN_PASSWORD", "listen-s3cret")
                .run("watch", World.SEED_CONFERENCE_ID, "--cycles", "1", "--hook", alerting(),
                        "--alert-exec", "env > '" + env + "'", "-o", "ndjson");
        assertEquals(0, r.exitCode(), r.err());
        String seen = Files.readString(env);
        assertTrue(seen.contains("BW_USERNAME=" + TestSimulator.USER), seen);
        assertFalse(seen.contains(TestSimulator.PASSWORD), seen);
        assertFalse(seen.contains("listen-s3cret"), seen);
    }

    @Test
    void aWebhookUrlThatIsNotOneIsAUsageErrorThatHidesItsPassword() {
        for (String url : new String[] {"http://u:S3CRET@[bad/", "ftp://u:S3CRET@127.0.0.1/", "http:u:S3CRET@x"}) {
            var r = cli.run("watch", World.SEED_CONFERENCE_ID, "--cycles", "1", "--alert-webhook", url);
            assertEquals(ExitCode.USAGE, r.exitCode(), url + ": " + r.err());
            assertFalse(r.all().contains("S3CRET"), r.all());
        }
    }

    @Test
    void aFailingWebhookNeverShowsItsPassword() throws Exception {
        var r = cli.run("watch", World.SEED_CONFERENCE_ID, "--cycles", "1", "--hook", alerting(), "-o", "ndjson",
                "--alert-webhook", "http://alerts:S3CRET@127.0.0.1:9/in", "--verbose");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("alerts:***@127.0.0.1:9"), r.err());
        assertFalse(r.all().contains("S3CRET"), r.all());
    }
}
