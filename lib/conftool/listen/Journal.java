package conftool.listen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import conftool.client.ApiJson;
import conftool.client.ConfException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The listener's write-ahead journal: each webhook is appended and forced to disk before it is answered, and marked
 * twice as it is handled: once its event is printed, and once hooks and sinks are through with it. On start, what
 * was not marked done is handed over again, in order, without printing again what was printed. What is left is a
 * crash in the instant between printing (or sending an alert) and writing the mark, which repeats that one.
 *
 * <p>The journal is a regular file or nothing yet: a device, a FIFO or a directory is refused before it is opened,
 * so that compaction never replaces one and reading never runs into an endless stream. One listener at a time holds
 * it, by an exclusive lock on the file itself, and says who it is in a {@code {"pid": …}} line. A webhook that cannot
 * be handled for a reason a replay would not cure is moved to a dead-letter file beside it ({@code FILE.dead}).
 */
final class Journal implements AutoCloseable {

    /** A journalled webhook, its sequence number, and whether its event was already printed. */
    record Entry(long seq, Webhook webhook, boolean printed) {
    }

    /** More than this is not a journal conf wrote (it compacts long before): refused, not read. */
    static final long MAX_BYTES = 256L * 1024 * 1024;
    /** Lines written since the file last started afresh, past which a moment with nothing open compacts it. */
    private static final long COMPACT_AFTER = 10_000;

    private static final ObjectMapper JSON = ApiJson.mapper();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final List<Entry> pending = new ArrayList<>();
    private long next;
    private long open;
    private long lines;

    Journal(Path file) {
        this.file = file;
        requireRegularOrMissing(file);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new ConfException.InvalidInput("cannot use journal " + file + ": its folder " + parent
                        + " does not exist; create it first");
            }
            channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), privateFile());
        } catch (IOException e) {
            throw new ConfException.InvalidInput("cannot use journal " + file + ": " + e.getMessage());
        }
        try {
            lock = lock();
            keepPrivate(file);
            read();
            this.open = pending.size();
            if (pending.isEmpty()) {
                channel.truncate(0);
            }
            writeOwner();
        } catch (IOException e) {
            closeChannel();
            throw new ConfException.InvalidInput("cannot use journal " + file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            closeChannel();
            throw e;
        }
    }

    /** Refuses anything but a regular file (following links) before it is opened: opening a FIFO would block. */
    static void requireRegularOrMissing(Path file) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(file)) {
                throw new ConfException.InvalidInput("journal " + file + " is a link to nothing; give a regular"
                        + " file, or a path that does not exist yet");
            }
            return;
        } catch (IOException e) {
            throw new ConfException.InvalidInput("cannot use journal " + file + ": " + e.getMessage());
        }
        if (!a.isRegularFile()) {
            String kind = a.isDirectory() ? "a directory" : a.isOther() ? "a device, FIFO or socket" : "not a regular file";
            throw new ConfException.InvalidInput("journal " + file + " is " + kind
                    + "; give a regular file, or a path that does not exist yet");
        }
        if (a.size() > MAX_BYTES) {
            throw new ConfException.InvalidInput("journal " + file + " holds " + a.size() + " bytes, more than a"
                    + " journal conf writes (" + MAX_BYTES + "); is it the right file? Move it aside to start afresh");
        }
    }

    private static FileAttribute<?>[] privateFile() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    /** A journal from before journals were made 0600 holds webhooks others could read: it is made private too. */
    private static void keepPrivate(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            java.util.Set<java.nio.file.attribute.PosixFilePermission> mine = PosixFilePermissions.fromString("rw-------");
            if (!perms.equals(mine)) {
                Files.setPosixFilePermissions(file, mine);
            }
        }
    }

    private FileLock lock() throws IOException {
        FileLock l;
        try {
            l = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            throw new ConfException.InvalidInput("journal " + file + " is in use by another listener of this process"
                    + " (pid " + ProcessHandle.current().pid() + "); give each listener its own --journal");
        }
        if (l == null) {
            String owner = owner();
            throw new ConfException.InvalidInput("journal " + file + " is in use by another listener"
                    + (owner == null ? "" : " (pid " + owner + ")") + "; stop it, or give this one its own --journal");
        }
        return l;
    }

    /** The pid the holder wrote, from the last {@code pid} line, or null. */
    private String owner() throws IOException {
        String pid = null;
        try (BufferedReader r = reader()) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("{\"pid\":")) {
                    try {
                        pid = JSON.readTree(line).path("pid").asText(null);
                    } catch (IOException e) {
                        // a line cut short: an earlier one says it
                    }
                }
            }
        }
        return pid;
    }

    /** The file as it is now, read no further than its size when opened. */
    private BufferedReader reader() throws IOException {
        long size = Math.min(channel.size(), MAX_BYTES);
        InputStream in = Channels.newInputStream(channel.position(0));
        return new BufferedReader(new InputStreamReader(new InputStream() {
            long left = size;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                left--;
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        }, StandardCharsets.UTF_8));
    }

    private void read() throws IOException {
        dropUnfinishedLine();
        Map<Long, Webhook> unfinished = new LinkedHashMap<>();
        Set<Long> printed = new HashSet<>();
        try (BufferedReader r = reader()) {
            for (String line; (line = r.readLine()) != null; ) {
                lines++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException e) {
                    // a line cut short by a crash mid-write was never answered: the sender retries it
                    continue;
                }
                if (n.has("done")) {
                    unfinished.remove(n.get("done").asLong());
                } else if (n.has("printed")) {
                    printed.add(n.get("printed").asLong());
                } else if (n.has("seq")) {
                    long seq = n.get("seq").asLong();
                    try {
                        unfinished.put(seq, JSON.treeToValue(n.get("webhook"), Webhook.class));
                    } catch (IOException | IllegalArgumentException e) {
                        // not a webhook conf wrote: nothing to replay
                        continue;
                    }
                    next = Math.max(next, seq + 1);
                }
            }
        }
        unfinished.forEach((seq, w) -> pending.add(new Entry(seq, w, printed.contains(seq))));
    }

    /**
     * A crash mid-write leaves half a line at the end: it was never answered, and the next mark written after it
     * would join it into one unreadable line and be lost. It is cut off, back to the last complete line.
     */
    private void dropUnfinishedLine() throws IOException {
        long size = channel.size();
        long end = size;
        ByteBuffer b = ByteBuffer.allocate(8192);
        while (end > 0) {
            long from = Math.max(0, end - b.capacity());
            b.clear().limit((int) (end - from));
            while (b.hasRemaining() && channel.read(b, from + b.position()) > 0) {
                // read the whole chunk
            }
            for (int i = b.position() - 1; i >= 0; i--) {
                if (b.get(i) == '\n') {
                    end = from + i + 1;
                    if (end < size) {
                        channel.truncate(end);
                        channel.force(true);
                    }
                    return;
                }
            }
            end = from;
        }
        if (size > 0) {
            channel.truncate(0);
        }
    }

    /** What was received before but never handled, oldest first. */
    List<Entry> pending() {
        return List.copyOf(pending);
    }

    /** Appends and forces to disk; only then may the webhook be answered. Returns its sequence number. */
    synchronized long append(Webhook w) throws IOException {
        long seq = next++;
        ObjectNode line = JSON.createObjectNode();
        line.put("seq", seq);
        line.set("webhook", JSON.valueToTree(w));
        write(line);
        open++;
        return seq;
    }

    /** The event is out (printed); what is left is running it through hooks and sinks. */
    synchronized void printed(long seq) throws IOException {
        write(JSON.createObjectNode().put("printed", seq));
    }

    synchronized void done(long seq) throws IOException {
        write(JSON.createObjectNode().put("done", seq));
        open--;
        if (open <= 0 && lines > COMPACT_AFTER) {
            // everything written so far is handled: start the file afresh so it does not grow for ever
            channel.truncate(0);
            lines = 0;
            open = 0;
            writeOwner();
        }
    }

    /**
     * Moves a webhook that cannot be handled aside: appended to the dead-letter file with the reason, then marked
     * done here, so that it is neither lost nor retried at every start. Returns the dead-letter file.
     */
    synchronized Path deadLetter(long seq, Webhook w, String reason) throws IOException {
        Path dead = deadLetterFile();
        requireRegularOrMissing(dead);
        ObjectNode line = JSON.createObjectNode();
        line.put("seq", seq);
        line.put("time", Instant.now().toString());
        line.put("reason", reason);
        line.set("webhook", JSON.valueToTree(w));
        byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        OpenOption[] options = {StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND};
        try (FileChannel c = FileChannel.open(dead, Set.of(options), privateFile())) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                c.write(b);
            }
            c.force(false);
        }
        done(seq);
        return dead;
    }

    Path deadLetterFile() {
        return file.resolveSibling(file.getFileName() + ".dead");
    }

    private void writeOwner() throws IOException {
        write(JSON.createObjectNode().put("pid", ProcessHandle.current().pid()));
    }

    private void write(ObjectNode node) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8));
        long at = channel.size();
        while (b.hasRemaining()) {
            at += channel.write(b, at);
        }
        channel.force(false);
        lines++;
    }

    Path file() {
        return file;
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was written
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException ignored) {
            // nothing left to save: every line was forced when written
        }
    }
}
