package conftool.cli;

import conftool.sim.World;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What the installed launcher trains its class-data archive on: {@code conf get} as users run it, against a simulator
 * in another process, so that the archive holds the classes of a run and none of the simulator's. {@code plain}
 * trains the run without hook files, with {@code --filter} and {@code --map} evaluated in Java; {@code hooks} trains
 * those GraalJS runs, a hook file and expressions beyond Java's part. With a JDK 25 AOT cache every archived class is
 * loaded at start, which is why the launcher keeps one archive of each kind.
 * Not a user command: {@code java -cp … conftool.cli.TrainingRun plain|hooks|all}.
 */
final class TrainingRun {

    private TrainingRun() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args.length == 1 ? args[0] : "";
        if (!List.of("plain", "hooks", "all").contains(kind)) {
            System.err.println("usage: TrainingRun plain|hooks|all");
            System.exit(2);
        }
        System.exit(train(kind) == 0 ? 0 : 1);
    }

    /** Runs the {@code kind} of training in this JVM, printing nothing; returns the number of runs that failed. */
    static int train(String kind) throws Exception {
        String password = UUID.randomUUID().toString();
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "conftool.cli.Main", "simulate", "--port", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(simulatorEnvironment(System.getenv(), password));
        Process sim = pb.start();
        // a launcher interrupted while it trains stops this JVM: the simulator must not outlive it
        Runtime.getRuntime().addShutdownHook(new Thread(sim::destroy));
        int failures = 0;
        // The training's tokens go to a cache of its own, never the user's.
        Path tokens = Files.createTempDirectory("conf-training-cache");
        try {
            String[] urls = urls(sim);
            Map<String, String> env = new HashMap<>(System.getenv());
            env.keySet().removeIf(TrainingRun::confVariable);
            env.put("BW_CLIENT_ID", "training");
            env.put("BW_CLIENT_SECRET", password);
            env.put("BW_ACCOUNT_ID", "9900000");
            env.put("CONF_BASE_URL", urls[0]);
            env.put("CONF_TOKEN_URL", urls[1]);
            env.put("CONF_TERMINAL", "false");
            env.put("CONF_CONFIG", tokens.resolve("no-config").toString());
            env.put("XDG_CACHE_HOME", tokens.toString());
            String id = World.SEED_CONFERENCE_ID;
            if (!kind.equals("hooks")) {
                // client credentials: the first run asks for a token, the others read it from the cache
                failures += get(env, "get", id, "-o", "json");
                failures += get(env, "get", id, "-o", "table");
                failures += get(env, "get", id, "--output=ndjson", "--select", "/activeMembers/0/callId");
                Map<String, String> legacy = new HashMap<>(env);
                legacy.remove("BW_CLIENT_ID");
                legacy.remove("BW_CLIENT_SECRET");
                legacy.put("BW_USERNAME", "training");
                legacy.put("BW_PASSWORD", password);
                failures += get(legacy, "get", id, "-o", "json");
                // inline expressions Java evaluates (InlineHooks): no GraalJS
                failures += get(env, "get", id, "-o", "json", "--filter", "m.mute && !m.hold");
                failures += get(env, "get", id, "-o", "table", "--map", "({call: m.callId, muted: m.mute})");
            }
            if (!kind.equals("plain")) {
                Path hook = Files.createTempFile("conf-training", ".js");
                try {
                    Files.writeString(hook, "export const options = {name: 'training'};\n"
                            + "export function filter(m) { return m.mute === true; }\n"
                            + "export function alert(c) { return c.activeMembers.length > 9"
                            + " ? {level: 'warning', message: 'big'} : false; }\n");
                    // expressions that need GraalJS: the launcher runs them with this archive
                    failures += get(env, "get", id, "-o", "json", "--filter", "m.callId.startsWith('c-') && !m.hold");
                    failures += get(env, "get", id, "-o", "table", "--map",
                            "({call: m.callId.slice(0, 9), muted: m.mute})");
                    failures += get(env, "get", id, "-o", "json", "--hook", hook.toString());
                } finally {
                    Files.deleteIfExists(hook);
                }
            }
        } finally {
            sim.destroy();
            sim.waitFor(5, TimeUnit.SECONDS);
            try (var files = Files.walk(tokens)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return failures;
    }

    /**
     * The simulator's environment: the user's without conf's own variables, and the training's credentials. jbang's
     * first run after a build trains inside the user's own command ({@link JbangArchive}), so none of the user's
     * credentials or settings ({@code BW_CLIENT_SECRET}, {@code CONF_LISTEN_PASSWORD}, a profile) may reach it.
     */
    static Map<String, String> simulatorEnvironment(Map<String, String> user, String password) {
        Map<String, String> env = new HashMap<>(user);
        env.keySet().removeIf(TrainingRun::confVariable);
        env.remove("JAVA_TOOL_OPTIONS");
        env.put("BW_USERNAME", "training");
        env.put("BW_PASSWORD", password);
        env.put("BW_CLIENT_ID", "training");
        env.put("BW_CLIENT_SECRET", password);
        env.put("BW_ACCOUNT_ID", "9900000");
        return env;
    }

    /** Whether an environment variable is conf's: credentials, account, base URLs, profile and the like. */
    static boolean confVariable(String name) {
        return name.startsWith("BW_") || name.startsWith("CONF_");
    }

    private static int get(Map<String, String> env, String... args) {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        Integer code = QuickGet.run(args, env, nowhere, nowhere);
        return code != null && code == ExitCode.OK ? 0 : 1;
    }

    /** The simulator's base URL and token URL, from the lines it prints. */
    private static String[] urls(Process sim) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(sim.getInputStream(), StandardCharsets.UTF_8));
        String api = "Bandwidth Voice API simulator listening on ";
        String oauth = "OAuth token endpoint on ";
        String baseUrl = null;
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            if (line.startsWith(api)) {
                baseUrl = line.substring(api.length()).strip();
            } else if (line.startsWith(oauth) && baseUrl != null) {
                return new String[] {baseUrl, line.substring(oauth.length()).split(" ")[0]};
            }
        }
        throw new IllegalStateException("the simulator did not start");
    }
}
