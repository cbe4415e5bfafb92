package conftool.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import conftool.support.Needed;
import conftool.support.TestSimulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real monitoring servers and conf as separate processes, on loopback: Prometheus, Alertmanager (both from
 * Debian's packages, as {@code .ci/run} installs them), a simulator, and conf. Every wait has a deadline; every
 * process started is ended by {@link #close}.
 */
final class Monitoring implements AutoCloseable {

    static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final List<Process> started = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The simulator conf watches: its world is the truth. */
    final TestSimulator t = new TestSimulator();

    Monitoring(Path dir) {
        this.dir = dir;
    }

    /** conf's environment for {@link #t}. */
    Map<String, String> env() {
        return Map.of("BW_USERNAME", TestSimulator.USER, "BW_PASSWORD", TestSimulator.PASSWORD,
                "BW_ACCOUNT_ID", TestSimulator.ACCOUNT, "CONF_BASE_URL", t.sim.baseUrl());
    }

    /** Skips the test (fails it in CI) when a tool is not installed. */
    static void need(String tool, String debianPackage) {
        Needed.tool(onPath(tool), tool + " is not installed (Debian: apt-get install " + debianPackage + ")");
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Prometheus scraping {@code target} (host:port) every second; its base URL once it is ready. */
    String prometheus(String target) throws Exception {
        int port = freePort();
        Path home = Files.createDirectories(dir.resolve("prometheus"));
        Path config = Files.writeString(home.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: conf
                    static_configs:
                      - targets: ['%s']
                """.formatted(target));
        start(home, "prometheus", "--config.file=" + config, "--storage.tsdb.path=" + home.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn");
        String url = "http://127.0.0.1:" + port;
        ready(url + "/-/ready", home);
        return url;
    }

    /** Alertmanager on {@code port} (no cluster), its base URL once it is ready. */
    String alertmanager(int port) throws Exception {
        Path home = Files.createDirectories(dir.resolve("alertmanager-" + port));
        Path config = Files.writeString(home.resolve("alertmanager.yml"), """
                route:
                  receiver: nobody
                  group_wait: 1s
                  routes:
                    - matchers: ['team="voice-ops"']
                      receiver: voice-ops
                receivers:
                  - name: nobody
                  - name: voice-ops
                """);
        start(home, "prometheus-alertmanager", "--config.file=" + config, "--storage.path=" + home.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=", "--log.level=warn");
        String url = "http://127.0.0.1:" + port;
        ready(url + "/-/ready", home);
        return url;
    }

    private void start(Path home, String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("log.txt").toFile()).start();
        started.add(p);
    }

    /** conf against {@link #t} with {@code args}, stdout and stderr to files in {@code dir}. */
    Process conf(String name, List<String> args) throws IOException {
        return java(name, List.of(), args);
    }

    /** As {@link #conf}, with options for the JVM. */
    Process java(String name, List<String> jvm, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "conftool.cli.Main"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("BW_") || k.startsWith("CONF_"));
        pb.environment().put("CONF_CONFIG", "/nonexistent/conf-config");
        pb.environment().putAll(env());
        Process p = pb.redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
        p.getOutputStream().close();
        started.add(p);
        return p;
    }

    /** SIGTERM, as a service manager stops conf: it must end within 2 s, with exit 0. */
    static void stopsOnSigterm(Process p) throws InterruptedException {
        p.destroy();
        org.junit.jupiter.api.Assertions.assertTrue(p.waitFor(2, TimeUnit.SECONDS), "conf did not end within 2 s");
        org.junit.jupiter.api.Assertions.assertEquals(0, p.exitValue());
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    /** The metrics URL a conf process announced on stderr. */
    String metricsUrl(String name) throws Exception {
        Path err = dir.resolve(name + ".err");
        return until("conf to serve metrics (stderr: " + err + ")", () -> {
            String text = Files.exists(err) ? Files.readString(err) : "";
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("serving metrics on (\\S+)").matcher(text);
            return m.find() ? m.group(1) : null;
        });
    }

    private void ready(String url, Path home) throws Exception {
        until(url + " to be ready (log: " + home.resolve("log.txt") + ")", () -> {
            try {
                return get(url).statusCode() == 200 ? "ready" : null;
            } catch (IOException e) {
                return null;
            }
        });
    }

    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The result vector of a PromQL instant query. */
    JsonNode query(String prometheus, String promql) throws Exception {
        HttpResponse<String> r = get(prometheus + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode body = JSON.readTree(r.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new AssertionError("query " + promql + " failed: " + r.body());
        }
        return body.path("data").path("result");
    }

    /** Alertmanager's alerts (v2 API: active, silenced and inhibited; never resolved ones). */
    JsonNode alerts(String alertmanager) throws Exception {
        return JSON.readTree(get(alertmanager + "/api/v2/alerts").body());
    }

    /** The first alert of {@code alertmanager} that {@code which} accepts, waiting for it up to the deadline. */
    JsonNode alertWhere(String alertmanager, Predicate<JsonNode> which) throws Exception {
        return until("the alert in Alertmanager", () -> {
            for (JsonNode a : alerts(alertmanager)) {
                if (which.test(a)) {
                    return a;
                }
            }
            return null;
        });
    }

    interface Probe<T> {
        T get() throws Exception;
    }

    /** Polls {@code probe} every 100 ms until it answers non-null; fails after {@link #DEADLINE}. */
    static <T> T until(String what, Probe<T> probe) throws Exception {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            T t = probe.get();
            if (t != null) {
                return t;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("waited " + DEADLINE.toSeconds() + " s for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
        }
        for (Process p : started) {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
        t.close();
    }
}
