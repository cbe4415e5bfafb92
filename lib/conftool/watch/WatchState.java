package conftool.watch;

import com.fasterxml.jackson.databind.ObjectMapper;
import conftool.alerts.AlertEngine;
import conftool.client.ApiJson;
import conftool.client.ConfException;
import conftool.model.Conference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;

/**
 * {@code --state-file}: what a watch knows, so that a restart neither re-announces every member nor misses what
 * changed while it was down. Written whole to a temporary file and moved into place after every cycle.
 *
 * @param version     the file's format
 * @param savedAt     when it was written
 * @param conferences each watched conference's last poll
 * @param hookState   each hook's {@code ctx.state}, as JSON
 * @param alerts      the alert conditions being tracked (pending or firing)
 */
public record WatchState(int version, Instant savedAt, Map<String, Polled> conferences, Map<String, String> hookState,
        Map<String, AlertEngine.Tracked> alerts) {

    static final int VERSION = 1;

    /** A conference's last successful poll and what has happened since. */
    public record Polled(Conference last, Instant lastPolled, int missedPolls, boolean gone) {
    }

    private static final ObjectMapper JSON = ApiJson.mapper();

    static WatchState load(Path file) {
        if (file == null || !Files.exists(file)) {
            return null;
        }
        try {
            WatchState s = JSON.readValue(file.toFile(), WatchState.class);
            if (s.version() != VERSION) {
                throw new ConfException.InvalidInput("state file " + file + " has format " + s.version()
                        + "; this conf writes " + VERSION + ". Move it away to start afresh");
            }
            return s;
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new ConfException.InvalidInput("state file " + file + " cannot be read (" + why
                    + "). Fix or move it away; nothing was overwritten");
        }
    }

    void save(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ConfException("cannot write state file " + file + ": " + e.getMessage(), e);
        }
    }
}
