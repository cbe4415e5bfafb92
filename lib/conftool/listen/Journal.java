package conftool.listen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import conftool.client.ApiJson;
import conftool.client.ConfException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The listener's write-ahead journal: each webhook is appended and forced to disk before it is answered, and marked
 * marked twice as it is handled: once its event is printed, and once hooks and sinks are through with it. On start,
 * what was not marked done is handed over again, in order, without printing again what was printed. What is left
 * is a crash in the instant between printing (or sending an alert) and writing the mark, which repeats that one.
 */
final class Journal implements AutoCloseable {

    /** A journalled webhook, its sequence number, and whether its event was already printed. */
    record Entry(long seq, Webhook webhook, boolean printed) {
    }

    private static final ObjectMapper JSON = ApiJson.mapper();

    private final Path file;
    private final FileChannel channel;
    private final List<Entry> pending = new ArrayList<>();
    private long next;
    private long open;
    private long lines;

    Journal(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Map<Long, Webhook> open = new LinkedHashMap<>();
            java.util.Set<Long> printed = new java.util.HashSet<>();
            if (Files.exists(file)) {
                int lineNo = 0;
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    lineNo++;
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
                        open.remove(n.get("done").asLong());
                    } else if (n.has("printed")) {
                        printed.add(n.get("printed").asLong());
                    } else if (n.has("seq")) {
                        long seq = n.get("seq").asLong();
                        open.put(seq, JSON.treeToValue(n.get("webhook"), Webhook.class));
                        next = Math.max(next, seq + 1);
                    }
                }
            }
            open.forEach((seq, w) -> pending.add(new Entry(seq, w, printed.contains(seq))));
            this.open = pending.size();
            if (pending.isEmpty()) {
                Files.deleteIfExists(file);
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new ConfException.InvalidInput("cannot use journal " + file + ": " + e.getMessage());
        }
    }

    /** What was received before but never handled, oldest first. */
    List<Entry> pending() {
        return List.copyOf(pending);
    }

    /** Appends and forces to disk; only then may the webhook be answered. */
    synchronized long append(Webhook w) throws IOException {
        long seq = next++;
        write("{\"seq\":" + seq + ",\"webhook\":" + JSON.writeValueAsString(w) + "}\n");
        open++;
        return seq;
    }

    /** The event is out (printed); what is left is running it through hooks and sinks. */
    synchronized void printed(long seq) throws IOException {
        write("{\"printed\":" + seq + "}\n");
    }

    synchronized void done(long seq) throws IOException {
        write("{\"done\":" + seq + "}\n");
        open--;
        if (open <= 0 && lines > 10_000) {
            // everything written so far is handled: start the file afresh so it does not grow for ever
            channel.truncate(0);
            channel.force(true);
            lines = 0;
            open = 0;
        }
    }

    private void write(String line) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            channel.write(b);
        }
        channel.force(false);
        lines++;
    }

    Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to save: every line was forced when written
        }
    }
}
