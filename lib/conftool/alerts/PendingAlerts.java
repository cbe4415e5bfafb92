package conftool.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import conftool.client.ApiJson;
import conftool.client.ConfException;
import conftool.model.Alert;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An alert's {@code for} in commands that run once ({@code get}, {@code check}): an alert raised with {@code for} is
 * pending until the same condition (its hook and key, for the same conference) has been raised for that long. A run
 * knows only since when it has seen a condition, so without memory every such alert is pending; {@code check
 * --state-file} keeps that memory between the runs of a monitoring system. ({@link AlertEngine} does the same over
 * the polls of a watch, where an alert fires once rather than on every run.)
 *
 * <p>One state file may serve many checks, run at the same time, of other conferences or with other hooks: each run
 * changes only the conditions of its own conference and hooks, and merges them into the file under a lock.
 */
public final class PendingAlerts {

    /** The state file's content: since when each condition has been raised, by conference, hook and key. */
    public record State(int version, Instant savedAt, Map<String, Instant> since) {
        static final int VERSION = 1;
    }

    /** A file lock is held by the whole JVM: threads of one process (tests, a notebook) take turns here first. */
    private static final Object IN_PROCESS = new Object();

    private final Map<String, Instant> since = new LinkedHashMap<>();
    /** The conference-and-hook prefixes this run judged: what it may change in a shared state file. */
    private final Set<String> judged = new HashSet<>();

    /** Pending alerts with no memory of earlier runs. */
    public PendingAlerts() {
    }

    /** The memory kept in {@code file} by earlier runs; none while the file does not exist or is empty. */
    public static PendingAlerts load(Path file) {
        PendingAlerts p = new PendingAlerts();
        p.since.putAll(read(file));
        return p;
    }

    /**
     * Merges this run's conditions into {@code file}: under a lock, it reads the file again, replaces the conditions
     * of the conferences and hooks this run judged, and writes it whole through a temporary file.
     */
    public void save(Path file, Instant now) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            synchronized (IN_PROCESS) {
                merge(file, dir, now);
            }
        } catch (IOException e) {
            throw new ConfException("cannot write the state file " + file + " (" + StateFiles.reason(e)
                    + "): choose a writable place with --state-file", e);
        }
    }

    private void merge(Path file, Path dir, Instant now) throws IOException {
        try (FileChannel lockFile = FileChannel.open(dir.resolve("." + file.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.lock()) {
            Map<String, Instant> merged = new LinkedHashMap<>(read(file));
            merged.keySet().removeIf(this::mine);
            since.forEach((id, at) -> {
                if (mine(id)) {
                    merged.put(id, at);
                }
            });
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                ApiJson.mapper().writeValue(tmp.toFile(), new State(State.VERSION, now, merged));
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * What one run of {@code hooks} raised for {@code conferenceId}, each alert marked firing or pending. A
     * condition of this conference and these hooks that was not raised this time is forgotten: it starts afresh when
     * it comes back.
     */
    public List<Alert> judge(String conferenceId, Collection<String> hooks, List<Alert> raised, Instant now) {
        Set<String> seen = new HashSet<>();
        List<Alert> out = new ArrayList<>();
        hooks.forEach(h -> judged.add(prefix(conferenceId, h)));
        for (Alert a : raised) {
            judged.add(prefix(conferenceId, a.hook()));
            String id = a.identity();
            seen.add(id);
            Instant first = since.computeIfAbsent(id, k -> now);
            boolean due = a.pendingFor() == null || !now.isBefore(first.plus(a.pendingFor()));
            out.add(due ? a : a.pending());
        }
        since.keySet().removeIf(id -> mine(id) && id.startsWith(conferenceId + "|") && !seen.contains(id));
        return out;
    }

    private boolean mine(String id) {
        for (String p : judged) {
            if (id.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** The start of {@link Alert#identity} for this conference and hook. */
    private static String prefix(String conferenceId, String hook) {
        return conferenceId + "|" + hook + "|";
    }

    private static Map<String, Instant> read(Path file) {
        try {
            if (!Files.exists(file) || Files.size(file) == 0) {
                return Map.of();
            }
            State s = ApiJson.mapper().readValue(file.toFile(), State.class);
            if (s == null || s.version() != State.VERSION || s.since() == null) {
                throw new ConfException.InvalidInput("state file " + file + " is not one that conf check writes"
                        + " (format " + (s == null ? "none" : s.version()) + "); move it away to start afresh");
            }
            return s.since();
        } catch (JsonProcessingException e) {
            throw new ConfException.InvalidInput("state file " + file + " is not one that conf check writes (not"
                    + " its JSON" + (e.getLocation() == null ? "" : ", at line " + e.getLocation().getLineNr())
                    + "); fix or move it away to start afresh");
        } catch (IOException e) {
            throw new ConfException.InvalidInput("state file " + file + " cannot be read (" + StateFiles.reason(e)
                    + "); fix or move it away");
        }
    }

}
