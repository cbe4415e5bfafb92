package conftool.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Stoplight Prism on loopback, serving or guarding Bandwidth's official OpenAPI file. Found through PRISM_BIN, the
 * cache folder .ci/run installs it into, or PATH; the file through CONF_OPENAPI or ../shared/reference/.
 */
public final class Prism implements AutoCloseable {

    private final Process process;
    private final int port;

    private Prism(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Path binary() {
        String explicit = System.getenv("PRISM_BIN");
        if (explicit != null && Files.isExecutable(Path.of(explicit))) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        String home = System.getenv().getOrDefault("HOME", System.getProperty("user.home"));
        Path cache = (xdg != null ? Path.of(xdg) : Path.of(home, ".cache"))
                .resolve("conf-prism/node_modules/.bin/prism");
        if (Files.isExecutable(cache)) {
            return cache;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "prism");
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    public static Path openApiFile() {
        String explicit = System.getenv("CONF_OPENAPI");
        List<Path> candidates = new ArrayList<>();
        if (explicit != null) {
            candidates.add(Path.of(explicit));
        }
        candidates.add(Path.of("..", "shared", "reference", "bandwidth-openapi.yml"));
        candidates.add(Path.of("..", "..", "shared", "reference", "bandwidth-openapi.yml"));
        return candidates.stream().filter(Files::isReadable).findFirst().orElse(null);
    }

    /** {@code prism mock}: answers every operation with the file's own examples. */
    public static Prism mock() throws IOException {
        return start(List.of("mock", "-h", "127.0.0.1", "-p", "%d", openApiFile().toString()));
    }

    /** {@code prism proxy --errors}: forwards to {@code upstream} and turns any answer that breaks the file into a 500. */
    public static Prism validatingProxy(String upstream) throws IOException {
        return start(List.of("proxy", "-h", "127.0.0.1", "-p", "%d", "--errors", openApiFile().toString(), upstream));
    }

    private static Prism start(List<String> args) throws IOException {
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(binary().toString());
        args.forEach(a -> cmd.add(a.equals("%d") ? String.valueOf(port) : a));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Process p = pb.start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.contains("Prism is listening")) {
                        return true;
                    }
                }
            } catch (IOException e) {
                return false;
            }
            return false;
        });
        try {
            if (!ready.get(90, TimeUnit.SECONDS)) {
                throw new IOException("prism exited before listening: " + cmd);
            }
        } catch (Exception e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IOException("prism did not start: " + e, e);
        }
        // keep draining its log so it never blocks on a full pipe
        Thread drain = new Thread(() -> {
            try {
                while (lines.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // prism stopped
            }
        }, "prism-log");
        drain.setDaemon(true);
        drain.start();
        return new Prism(p, port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Prism serves the file's paths without the /api/v2 prefix. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public static Map<String, String> env(String baseUrl) {
        return Map.of("BW_USERNAME", TestSimulator.USER, "BW_PASSWORD", TestSimulator.PASSWORD,
                "BW_ACCOUNT_ID", TestSimulator.ACCOUNT, "CONF_BASE_URL", baseUrl);
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
