///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Bulk member benchmark: `conf member CONF --all --mute` on 11 members against one `conf get`, same run.
//SOURCES ../conf.java

import conftool.sim.Simulator;
import conftool.sim.World;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Usage: MemberBench [RUNS] [MEMBERS]. Starts the simulator in this JVM with one conference of MEMBERS (default 11)
 * unmuted members and times, as separate processes with the launcher's one-shot JVM options, turn by turn: one
 * {@code conf get CONF}, {@code conf member CONF --all --mute}, and the old way (what scripts/mute-all.sh did: a get,
 * then one {@code conf member CONF CALL --mute} process per member, here without jbang's own start). Every member is
 * unmuted again before each mute. Prints medians and the ratios to one get.
 */
public class MemberBench {

    /** The installed launcher's options for one-shot commands (cli/InstallCommand), without its class-data cache. */
    static final List<String> ONE_SHOT = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
            "-Djdk.reflect.useNativeAccessorOnly=true");

    public static void main(String... args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 11;
        try (Simulator sim = Simulator.builder().seedConference(false).start()) {
            World world = sim.world();
            String conf = world.createConference("all-hands", null, null, false);
            List<String> calls = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                calls.add(world.join(conf, "+1555"));
            }
            Map<String, String> env = Map.of("BW_USERNAME", sim.username(), "BW_PASSWORD", sim.password(),
                    "BW_ACCOUNT_ID", sim.accountId(), "CONF_BASE_URL", sim.baseUrl());
            System.out.printf("simulator: one conference of %d members, %s; JVM options %s%n", size, sim.baseUrl(),
                    String.join(" ", ONE_SHOT));
            List<Double> get = new ArrayList<>();
            List<Double> bulk = new ArrayList<>();
            List<Double> old = new ArrayList<>();
            for (int r = -1; r < runs; r++) {
                // run -1 warms the page cache and is not counted
                double g = time(env, "get", conf, "-o", "json");
                calls.forEach(c -> world.setMute(conf, c, false));
                double b = time(env, "member", conf, "--all", "--mute", "-o", "json");
                check(world, conf, calls);
                calls.forEach(c -> world.setMute(conf, c, false));
                long t0 = System.nanoTime();
                time(env, "get", conf, "-o", "csv");
                for (String c : calls) {
                    time(env, "member", conf, c, "--mute", "-o", "csv");
                }
                double o = (System.nanoTime() - t0) / 1e9;
                check(world, conf, calls);
                if (r >= 0) {
                    get.add(g);
                    bulk.add(b);
                    old.add(o);
                }
            }
            double mg = median(get);
            double mb = median(bulk);
            double mo = median(old);
            System.out.printf("conf get:                          median %.3f s%n", mg);
            System.out.printf("conf member --all --mute:          median %.3f s = %.2fx one get (goal <= 2x)%n", mb,
                    mb / mg);
            System.out.printf("get + one member process each:     median %.3f s = %.1fx one get (the old script,"
                    + " without jbang)%n", mo, mo / mg);
        }
    }

    static void check(World world, String conf, List<String> calls) {
        for (String c : calls) {
            if (!world.isMuted(conf, c)) {
                throw new IllegalStateException(c + " was not muted");
            }
        }
    }

    static double time(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ONE_SHOT);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "conftool.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        int code = pb.start().waitFor();
        double s = (System.nanoTime() - t0) / 1e9;
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", args) + " exited " + code);
        }
        return s;
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
