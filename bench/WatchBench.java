///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Watch benchmark: N conferences of up to 20 members in the simulator, conf watch --all at an interval.
//SOURCES ../conf.java

import conftool.model.Durations;
import conftool.sim.Simulator;
import conftool.sim.World;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Usage: WatchBench [CONFERENCES] [SECONDS] [INTERVAL]. Starts the simulator in this JVM with CONFERENCES conferences
 * of 1 to 20 members, runs `conf watch --all` as its own process, and for SECONDS mutes or unmutes a random member
 * once a second, timing each change to its event. Then, as a baseline in the same run, curl fetches the same
 * conferences the same way (one process per cycle, 16 in parallel). Prints the watch's CPU share, peak RSS, delays,
 * and CPU per cycle against curl's.
 */
public class WatchBench {
    public static void main(String... args) throws Exception {
        int conferences = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        String interval = args.length > 2 ? args[2] : "5s";
        long ticks = 100; // USER_HZ on Linux
        try (Simulator sim = Simulator.builder().threads(16).seedConference(false).start()) {
            World world = sim.world();
            Random random = new Random(7);
            List<String[]> members = new ArrayList<>();
            int total = 0;
            for (int i = 0; i < conferences; i++) {
                String id = world.createConference("bench-" + i, null, null, false);
                int n = 1 + random.nextInt(20);
                for (int m = 0; m < n; m++) {
                    members.add(new String[] {id, world.join(id, "+1555")});
                }
                total += n;
            }
            System.out.printf("simulator: %d conferences, %d members, %s%n", conferences, total, sim.baseUrl());

            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(watchJvmOptions());
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "conftool.cli.Main",
                    "watch", "--all", "--interval", interval, "--concurrency", "16", "-o", "ndjson"));
            System.out.println("watch JVM options: " + String.join(" ", watchJvmOptions()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("BW_USERNAME", sim.username());
            pb.environment().put("BW_PASSWORD", sim.password());
            pb.environment().put("BW_ACCOUNT_ID", sim.accountId());
            pb.environment().put("CONF_BASE_URL", sim.baseUrl());
            long launched = System.nanoTime();
            Process watch = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8));
            int seen = 0;
            while (seen < conferences) {
                String line = out.readLine();
                if (line == null) {
                    throw new IllegalStateException("watch ended early");
                }
                if (line.contains("\"type\":\"conferenceSeen\"")) {
                    seen++;
                }
            }
            System.out.printf("first cycle: all %d conferences seen %.1f s after launch%n", conferences,
                    (System.nanoTime() - launched) / 1e9);

            Map<String, Long> changedAt = new ConcurrentHashMap<>();
            List<Long> delays = Collections.synchronizedList(new ArrayList<>());
            int[] unexpected = {0};
            int[] gaps = {0};
            Thread reader = new Thread(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        long now = System.nanoTime();
                        int i = line.indexOf("\"callId\":\"");
                        if (line.contains("\"type\":\"muted\"") || line.contains("\"type\":\"unmuted\"")) {
                            String call = line.substring(i + 10, line.indexOf('"', i + 10));
                            Long t = changedAt.remove(call);
                            if (t == null) {
                                unexpected[0]++;
                            } else {
                                delays.add(now - t);
                            }
                        } else if (line.contains("\"type\":\"gap\"")) {
                            gaps[0]++;
                        } else {
                            unexpected[0]++;
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // watch stopped
                }
            });
            reader.setDaemon(true);
            reader.start();

            long[] cpu0 = cpu(watch.pid());
            long wall0 = System.nanoTime();
            int changes = 0;
            for (int s = 0; s < seconds; s++) {
                String[] m = members.get(random.nextInt(members.size()));
                if (!changedAt.containsKey(m[1])) {
                    boolean muted = world.isMuted(m[0], m[1]);
                    changedAt.put(m[1], System.nanoTime());
                    world.setMute(m[0], m[1], !muted);
                    changes++;
                }
                Thread.sleep(1000);
            }
            Thread.sleep(Durations.parse(interval).toMillis() + 2000);
            long[] cpu1 = cpu(watch.pid());
            double wall = (System.nanoTime() - wall0) / 1e9;
            long hwm = hwmKiB(watch.pid());
            watch.destroy();
            watch.waitFor(20, TimeUnit.SECONDS);

            double cpuSeconds = ((cpu1[0] + cpu1[1]) - (cpu0[0] + cpu0[1])) / (double) ticks;
            List<Long> d = new ArrayList<>(delays);
            Collections.sort(d);
            System.out.printf("watch: %.1f s of %.1f s wall = %.1f%% of one core; peak RSS %d MiB%n", cpuSeconds, wall,
                    100 * cpuSeconds / wall, hwm / 1024);
            System.out.println(goals(100 * cpuSeconds / wall, hwm / 1024));
            System.out.printf("changes: %d made, %d seen, %d missing, %d unexpected events, %d gap events%n", changes,
                    d.size(), changedAt.size(), unexpected[0], gaps[0]);
            if (!d.isEmpty()) {
                System.out.printf("delay change -> event: median %.2f s, p90 %.2f s, max %.2f s (interval %s)%n",
                        d.get(d.size() / 2) / 1e9, d.get((int) (d.size() * 0.9)) / 1e9, d.get(d.size() - 1) / 1e9,
                        interval);
            }

            // baseline: curl fetching the same conferences, once per cycle, 16 at a time
            Path config = Files.createTempFile("urls", ".cfg");
            StringBuilder urls = new StringBuilder();
            for (String id : world.conferenceIds()) {
                urls.append("url = \"").append(sim.baseUrl()).append("/accounts/").append(sim.accountId())
                        .append("/conferences/").append(id).append("\"\noutput = \"/dev/null\"\n");
            }
            Files.writeString(config, urls);
            int cycles = 3;
            double curlCpu = 0;
            double curlWall = 0;
            for (int c = 0; c < cycles; c++) {
                long w0 = System.nanoTime();
                ProcessBuilder curlPb = new ProcessBuilder("bash", "-c", "TIMEFORMAT='%U %S'; { time curl -s -Z"
                        + " --parallel-max 16 -u \"$U:$P\" -K " + config + " ; } 2>&1").redirectErrorStream(true);
                curlPb.environment().put("U", sim.username());
                curlPb.environment().put("P", sim.password());
                Process curl = curlPb.start();
                String times = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                curl.waitFor();
                curlWall += (System.nanoTime() - w0) / 1e9;
                String[] us = times.substring(times.lastIndexOf('\n') + 1).split(" ");
                curlCpu += Double.parseDouble(us[0]) + Double.parseDouble(us[1]);
            }
            Files.delete(config);
            double watchCycles = wall / (Durations.parse(interval).toMillis() / 1000.0);
            double perCycleWatch = cpuSeconds / watchCycles;
            double perCycleCurl = curlCpu / cycles;
            System.out.printf("CPU per cycle of %d GETs: conf watch %.2f s, curl %.2f s (fetch %.1f s wall);"
                    + " conf/curl = %.1fx%n", conferences, perCycleWatch, perCycleCurl, curlWall / cycles,
                    perCycleWatch / perCycleCurl);
        }
    }

    /** The goals for 2,000 conferences at 5 s, beside what was measured (any other size is printed the same). */
    static String goals(double cpuPercent, long rssMiB) {
        return String.format("cpu %.1f%% of a core (goal <= 10%%)  rss %d MiB (goal <= 256 MiB)%s", cpuPercent, rssMiB,
                cpuPercent <= 10 && rssMiB <= 256 ? "  both met" : "  NOT met");
    }

    /**
     * The watch's JVM options: those the installed launcher gives {@code conf watch} without hooks
     * ({@code Watcher.JVM_OPTIONS} and {@code JVM_OPTIONS_WITHOUT_HOOKS}), or, to try others,
     * {@code $WATCH_JAVA_OPTIONS} (space-separated) instead.
     */
    static List<String> watchJvmOptions() {
        String tried = System.getenv("WATCH_JAVA_OPTIONS");
        if (tried != null) {
            return List.of(tried.trim().split("\\s+"));
        }
        List<String> options = new ArrayList<>(conftool.watch.Watcher.JVM_OPTIONS);
        options.addAll(conftool.watch.Watcher.JVM_OPTIONS_WITHOUT_HOOKS);
        return options;
    }

    /** utime and stime of a process, in clock ticks. */
    static long[] cpu(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    }

    static long hwmKiB(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
