///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Metrics benchmark: the cost of --metrics-port in conf watch --all over N simulated conferences.
//SOURCES ../conf.java
//SOURCES WatchBench.java

import conftool.sim.Simulator;
import conftool.sim.World;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Usage: MetricsBench [CONFERENCES] [SECONDS] [INTERVAL]. Starts the simulator in this JVM with CONFERENCES
 * conferences of 1 to 20 members, then runs `conf watch --all` as its own process twice, for SECONDS after its first
 * cycle each: without metrics (the baseline) and with --metrics-port, scraped every INTERVAL as Prometheus would.
 * Prints each run's CPU share and peak RSS, their ratios, and the time and size of one scrape (every INTERVAL
 * while polling, then 20 back to back).
 */
public class MetricsBench {
    public static void main(String... args) throws Exception {
        int conferences = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        String interval = args.length > 2 ? args[2] : "5s";
        try (Simulator sim = Simulator.builder().threads(16).seedConference(false).start()) {
            World world = sim.world();
            Random random = new Random(7);
            for (int i = 0; i < conferences; i++) {
                String id = world.createConference("bench-" + i, null, null, false);
                for (int m = 0, n = 1 + random.nextInt(20); m < n; m++) {
                    world.join(id, "+1555");
                }
            }
            System.out.printf("simulator: %d conferences; runs of %d s after the first cycle, interval %s%n",
                    conferences, seconds, interval);
            Run without = run(sim, conferences, seconds, interval, false);
            Run with = run(sim, conferences, seconds, interval, true);
            System.out.printf("without metrics: %.1f%% of one core, peak RSS %d MiB%n", without.cpuShare,
                    without.rssMiB);
            System.out.printf("with metrics:    %.1f%% of one core, peak RSS %d MiB (scraped every %s)%n",
                    with.cpuShare, with.rssMiB, interval);
            System.out.printf("with/without: CPU %.2fx, peak RSS %.2fx%n", with.cpuShare / without.cpuShare,
                    (double) with.rssMiB / without.rssMiB);
            List<Double> s = new ArrayList<>(with.scrapeMillis);
            Collections.sort(s);
            System.out.printf("one scrape of %d conferences (%d series, %d KiB): median %.1f ms, max %.1f ms over %d"
                    + " scrapes%n", conferences, with.series, with.bytes / 1024, s.get(s.size() / 2),
                    s.get(s.size() - 1), s.size());
            List<Double> w = new ArrayList<>(with.warmMillis);
            Collections.sort(w);
            System.out.printf("back-to-back scrapes after the run: median %.1f ms, max %.1f ms over %d%n",
                    w.get(w.size() / 2), w.get(w.size() - 1), w.size());
        }
    }

    record Run(double cpuShare, long rssMiB, List<Double> scrapeMillis, List<Double> warmMillis, long bytes,
            long series) {
    }

    private static Run run(Simulator sim, int conferences, int seconds, String interval, boolean metrics)
            throws Exception {
        // the watch as the installed launcher runs it, as in WatchBench
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(WatchBench.watchJvmOptions());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "conftool.cli.Main",
                "watch", "--all", "--interval", interval, "--concurrency", "16", "-o", "ndjson"));
        if (metrics) {
            cmd.addAll(List.of("--metrics-port", "0"));
        }
        Path err = Files.createTempFile("metrics-bench", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
        pb.environment().put("BW_USERNAME", sim.username());
        pb.environment().put("BW_PASSWORD", sim.password());
        pb.environment().put("BW_ACCOUNT_ID", sim.accountId());
        pb.environment().put("CONF_BASE_URL", sim.baseUrl());
        Process watch = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(watch.getInputStream(),
                    StandardCharsets.UTF_8));
            for (int seen = 0; seen < conferences; ) {
                String line = out.readLine();
                if (line == null) {
                    throw new IllegalStateException("watch ended early: " + Files.readString(err));
                }
                seen += line.contains("\"type\":\"conferenceSeen\"") ? 1 : 0;
            }
            Thread drain = new Thread(() -> {
                try {
                    while (out.readLine() != null) {
                        // events of the steady state: none expected
                    }
                } catch (java.io.IOException ignored) {
                    // watch stopped
                }
            });
            drain.setDaemon(true);
            drain.start();
            String url = null;
            if (metrics) {
                Matcher m = Pattern.compile("serving metrics on (\\S+)").matcher(Files.readString(err));
                if (!m.find()) {
                    throw new IllegalStateException("no metrics URL: " + Files.readString(err));
                }
                url = m.group(1);
            }
            HttpClient http = HttpClient.newHttpClient();
            long step = conftool.model.Durations.parse(interval).toMillis();
            List<Double> scrapes = new ArrayList<>();
            long bytes = 0;
            long series = 0;
            long[] cpu0 = WatchBench.cpu(watch.pid());
            long wall0 = System.nanoTime();
            long end = wall0 + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                if (url != null) {
                    long t0 = System.nanoTime();
                    String body = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    scrapes.add((System.nanoTime() - t0) / 1e6);
                    bytes = body.length();
                    series = body.lines().filter(l -> !l.startsWith("#")).count();
                }
                Thread.sleep(step);
            }
            long[] cpu1 = WatchBench.cpu(watch.pid());
            double wall = (System.nanoTime() - wall0) / 1e9;
            double cpu = ((cpu1[0] + cpu1[1]) - (cpu0[0] + cpu0[1])) / 100.0;
            List<Double> warm = new ArrayList<>();
            for (int i = 0; url != null && i < 20; i++) {
                // back to back, as several Prometheus servers (or a person's curl) would: the server warmed up
                long t0 = System.nanoTime();
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding());
                warm.add((System.nanoTime() - t0) / 1e6);
            }
            return new Run(100 * cpu / wall, WatchBench.hwmKiB(watch.pid()) / 1024, scrapes, warm, bytes, series);
        } finally {
            watch.destroy();
            watch.waitFor(20, TimeUnit.SECONDS);
            Files.deleteIfExists(err);
        }
    }
}
