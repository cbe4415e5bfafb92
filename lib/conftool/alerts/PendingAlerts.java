package conftool.alerts;

import conftool.client.ApiJson;
import conftool.client.ConfException;
import conftool.model.Alert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An alert's {@code for} in commands that run once ({@code get}, {@code check}): an alert raised with {@code for} is
 * pending until the same condition (its key, for the same conference) has been raised for that long. A run knows
 * only since when it has seen a condition, so without memory every such alert is pending; {@code check
 * --state-file} keeps that memory between the runs of a monitoring system. ({@link AlertEngine} does the same over
 * the polls of a watch, where an alert fires once rather than on every run.)
 */
public final class PendingAlerts {

    /** The state file's content: since when each condition has been raised, by conference and key. */
    public record State(int version, Instant savedAt, Map<String, Instant> since) {
        static final int VERSION = 1;
    }

    private final Map<String, Instant> since = new LinkedHashMap<>();

    /** Pending alerts with no memory of earlier runs. */
    public PendingAlerts() {
    }

    /** The memory kept in {@code file} by earlier runs; none when the file does not exist yet. */
    public static PendingAlerts load(Path file) {
        PendingAlerts p = new PendingAlerts();
        if (!Files.exists(file)) {
            return p;
        }
        try {
            State s = ApiJson.mapper().readValue(file.toFile(), State.class);
            if (s.version() != State.VERSION || s.since() == null) {
                throw new ConfException.InvalidInput("state file " + file + " is not one conf check writes (format "
                        + s.version() + "); move it away to start afresh");
            }
            p.since.putAll(s.since());
            return p;
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new ConfException.InvalidInput("state file " + file + " cannot be read (" + why
                    + "); fix or move it away");
        }
    }

    /** Writes the memory to {@code file} whole, through a temporary file, so a crash never leaves half of it. */
    public void save(Path file, Instant now) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            ApiJson.mapper().writeValue(tmp.toFile(), new State(State.VERSION, now, since));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ConfException("cannot write the state file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * What one run raised for {@code conferenceId}, each alert marked firing or pending. A condition of this
     * conference that was not raised this time is forgotten: it starts afresh when it comes back.
     */
    public List<Alert> judge(String conferenceId, List<Alert> raised, Instant now) {
        Set<String> seen = new HashSet<>();
        List<Alert> judged = new ArrayList<>();
        for (Alert a : raised) {
            String id = conferenceId + "|" + a.key();
            seen.add(id);
            Instant first = since.computeIfAbsent(id, k -> now);
            boolean due = a.pendingFor() == null || !now.isBefore(first.plus(a.pendingFor()));
            judged.add(due ? a : a.pending());
        }
        since.keySet().removeIf(id -> id.startsWith(conferenceId + "|") && !seen.contains(id));
        return judged;
    }
}
