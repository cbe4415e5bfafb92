package conftool.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import conftool.client.ApiJson;
import conftool.model.Alert;
import conftool.output.Inert;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code --alert-exec CMD}: runs {@code sh -c CMD} once per alert with the alert's JSON on stdin, on its own thread.
 * A command that fails or runs past 30 s is reported. Its output (stdout and stderr) goes to conf's stderr, a line at
 * a time and {@link Inert}: stdout carries conf's events, which a command's chatter must not break. The command gets
 * conf's environment without conf's secrets ({@link #isSecret}): it is given the alert, not the credentials.
 */
public final class ExecSink extends AsyncSink {

    /** The secrets conf reads from its environment. */
    private static final Set<String> SECRETS = Set.of("BW_PASSWORD", "BW_CLIENT_SECRET", "CONF_LISTEN_PASSWORD");

    private final String command;
    private final Map<String, String> environment;

    /** @param env the environment conf runs in; the command gets it without conf's secrets */
    public ExecSink(String command, Map<String, String> env, int capacity, PrintWriter err) {
        super("conf-alert-exec", capacity, err);
        this.command = command;
        this.environment = childEnvironment(env);
    }

    /**
     * Whether conf treats this environment variable as a secret: those it reads, and any other of its own names
     * ({@code BW_*}, {@code CONF_*}) that ends in PASSWORD, SECRET or TOKEN. Other programs' variables stay: a command
     * may need its own token to pass the alert on.
     */
    static boolean isSecret(String name) {
        return SECRETS.contains(name) || ((name.startsWith("BW_") || name.startsWith("CONF_"))
                && (name.endsWith("PASSWORD") || name.endsWith("SECRET") || name.endsWith("TOKEN")));
    }

    static Map<String, String> childEnvironment(Map<String, String> env) {
        Map<String, String> child = new LinkedHashMap<>(env);
        child.keySet().removeIf(ExecSink::isSecret);
        return Map.copyOf(child);
    }

    @Override
    protected boolean deliver(Alert alert) {
        Process p = null;
        try {
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().putAll(environment);
            p = pb.start();
            Thread output = output(p);
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
            // a child of the command may hold the output open: its lines are not waited for long
            output.join(1000);
            if (p.exitValue() != 0) {
                warn("--alert-exec command exited with " + p.exitValue() + " for " + alert.key());
                return false;
            }
            return true;
        } catch (IOException e) {
            warn("--alert-exec could not run: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            // the sink is closing: the command does not outlive conf
            if (p != null) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Copies the command's output to conf's stderr, line by line, on a thread of its own. */
    private Thread output(Process p) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (err) {
                        err.println(Inert.text(line));
                        err.flush();
                    }
                }
            } catch (IOException ignored) {
                // the command ended or was killed
            }
        }, "conf-alert-exec-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
