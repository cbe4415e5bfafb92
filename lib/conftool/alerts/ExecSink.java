package conftool.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import conftool.client.ApiJson;
import conftool.model.Alert;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * {@code --alert-exec CMD}: runs {@code sh -c CMD} once per alert with the alert's JSON on stdin, on its own thread.
 * A command that fails or runs past 30 s is reported; its output goes to conf's stderr.
 */
public final class ExecSink extends AsyncSink {

    private final String command;

    public ExecSink(String command, int capacity, PrintWriter err) {
        super("conf-alert-exec", capacity, err);
        this.command = command;
    }

    @Override
    protected boolean deliver(Alert alert) {
        try {
            Process p = new ProcessBuilder("sh", "-c", command)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(ApiJson.mapper().writeValueAsString(alert).getBytes(StandardCharsets.UTF_8));
                in.write('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            } catch (IOException ignored) {
                // the command did not read its stdin: its exit status tells
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                warn("--alert-exec command still running after 30s and was killed");
                return false;
            }
            if (p.exitValue() != 0) {
                warn("--alert-exec command exited with " + p.exitValue() + " for " + alert.key());
                return false;
            }
            return true;
        } catch (IOException e) {
            warn("--alert-exec could not run: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
