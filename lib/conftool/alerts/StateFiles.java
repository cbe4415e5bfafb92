package conftool.alerts;

import conftool.client.ConfException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one rule for a {@code --state-file} of check and watch: its folder must exist and be writable before the
 * command does anything. A missing folder is refused rather than made, since it is most often a typo in the path.
 */
public final class StateFiles {

    private StateFiles() {
    }

    /** Refuses a state file that could not be written, saying why; a probe file is made and removed. */
    public static void checkWritable(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new ConfException.InvalidInput("cannot write the state file " + file + ": the folder " + dir
                    + " does not exist; create it first or choose another --state-file");
        }
        try {
            Files.delete(Files.createTempFile(dir, "." + file.getFileName(), ".probe"));
        } catch (IOException | RuntimeException e) {
            throw new ConfException.InvalidInput("cannot write the state file " + file + " (" + reason(e)
                    + "): choose a writable place with --state-file");
        }
    }

    /** An I/O failure in words, without Java's class names where a plain phrase exists. */
    static String reason(Exception e) {
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file or folder: " + n.getFile();
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
