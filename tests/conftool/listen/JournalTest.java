package conftool.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.client.ConfException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal on real files: what it refuses, what it survives, and who holds it. */
class JournalTest {

    @TempDir
    Path dir;

    private static Webhook join(String callId) {
        return new Webhook("conferenceMemberJoin", null, "conf-1", "ops", null, null, callId, null, Map.of());
    }

    private static void mkfifo(Path p) throws Exception {
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertTrue(mk.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && mk.exitValue() == 0);
    }

    @Test
    void aDeviceAFifoADirectoryOrALinkToOneIsRefusedUntouchedAndWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("fifo");
        mkfifo(fifo);
        Path toZero = dir.resolve("zero-link");
        Files.createSymbolicLink(toZero, Path.of("/dev/zero"));
        Path toFifo = dir.resolve("fifo-link");
        Files.createSymbolicLink(toFifo, fifo);
        Path folder = Files.createDirectory(dir.resolve("folder"));
        for (Path p : List.of(Path.of("/dev/null"), fifo, toZero, toFifo, folder)) {
            ConfException.InvalidInput e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertThrows(ConfException.InvalidInput.class, () -> new Journal(p)), p.toString());
            assertTrue(e.getMessage().contains("give a regular file"), e.getMessage());
        }
        assertTrue(Files.readAttributes(Path.of("/dev/null"), java.nio.file.attribute.BasicFileAttributes.class)
                .isOther(), "/dev/null is still a device");
        assertTrue(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class).isOther());
        assertTrue(Files.isDirectory(folder));
        Files.delete(toZero);   // before JUnit's clean-up, which warns about links leading out of its folder
        Files.delete(toFifo);
    }

    @Test
    void aNewJournalAndItsDeadLettersAreReadableByTheirOwnerOnly() throws Exception {
        Path file = dir.resolve("j");
        try (Journal j = new Journal(file)) {
            long seq = j.append(join("c-1"));
            j.deadLetter(seq, join("c-1"), "a test");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(j.deadLetterFile())));
        }
    }

    @Test
    void aJournalOthersCouldReadIsMadePrivate() throws Exception {
        Path file = Files.createFile(dir.resolve("j"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (Journal j = new Journal(file)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void halfALineAtTheEndDoesNotSwallowTheNextMark() throws Exception {
        Path file = dir.resolve("j");
        try (Journal j = new Journal(file)) {
            j.append(join("c-0"));
        }
        // a crash in the middle of writing the next webhook
        Files.writeString(file, "{\"seq\":1,\"webhook\":{\"eventType\":\"confer", java.nio.file.StandardOpenOption.APPEND);
        try (Journal j = new Journal(file)) {
            assertEquals(List.of("c-0"), j.pending().stream().map(e -> e.webhook().callId()).toList());
            j.done(j.pending().get(0).seq());
        }
        try (Journal j = new Journal(file)) {
            assertEquals(List.of(), j.pending(), "the done mark was read back");
        }
    }

    @Test
    void aSecondHolderIsRefusedWithThePidOfTheFirst() throws Exception {
        Path file = dir.resolve("j");
        try (Journal first = new Journal(file)) {
            ConfException.InvalidInput e = assertThrows(ConfException.InvalidInput.class, () -> new Journal(file));
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
            first.append(join("c-0"));
        }
        try (Journal again = new Journal(file)) {
            assertEquals(1, again.pending().size(), "released on close, and nothing lost by the refusal");
        }
    }

    @Test
    void aDeadLetterIsKeptAsideAndNotReplayed() throws Exception {
        Path file = dir.resolve("j");
        try (Journal j = new Journal(file)) {
            long seq = j.append(join("c-0"));
            j.append(join("c-1"));
            j.deadLetter(seq, join("c-0"), "NullPointerException");
        }
        try (Journal j = new Journal(file)) {
            assertEquals(List.of("c-1"), j.pending().stream().map(e -> e.webhook().callId()).toList());
            String dead = Files.readString(j.deadLetterFile());
            assertTrue(dead.contains("\"reason\":\"NullPointerException\"") && dead.contains("\"callId\":\"c-0\""), dead);
        }
    }
}
