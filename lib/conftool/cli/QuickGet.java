package conftool.cli;

import conftool.model.Durations;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs {@code conf get} without picocli, for start-up: picocli's classes are compiled for Java 5, so no class-data
 * archive holds them and building its model of the command takes most of a one-shot run. The arguments are read
 * here only when every one of them is a plain {@code get} argument; anything else (help, an unknown or repeated
 * option, a bad value, a second id) returns null and picocli takes the whole command line, with its messages.
 * Either way the same {@link GetCommand#call()} runs on the same fields.
 */
final class QuickGet {

    /** Root options (inherited by every command) that take a value. */
    static final Set<String> ROOT_VALUED = Set.of("--base-url", "--account", "--profile", "-o", "--output", "--select",
            "--connect-timeout", "--read-timeout", "--attempts", "--token-url");
    static final Set<String> ROOT_FLAGS = Set.of("-v", "--verbose", "--no-token-cache");
    /** {@code get}'s own options, all taking a value. */
    static final Set<String> GET_VALUED = Set.of("--hook", "--filter", "--map", "--hook-timeout", "--on-hook-error",
            "--fail-on");
    private static final Set<String> REPEATABLE = Set.of("--hook", "--filter", "--map");

    private QuickGet() {
    }

    /** The exit code of {@code conf get}, or null when these arguments are for picocli. */
    static Integer run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        ConfCommand root = new ConfCommand(env);
        GetCommand get = new GetCommand();
        get.conf = root;
        get.hooks = new HookOptions();
        get.failOn = new FailOnOption();
        if (!parse(args, root, get)) {
            return null;
        }
        root.out = out;
        root.err = err;
        try {
            return get.call();
        } catch (Exception e) {
            return Failures.report(e, err, root.verbose, text -> ErrorHandler.red(text));
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static boolean parse(String[] args, ConfCommand root, GetCommand get) {
        boolean afterGet = false;
        Set<String> seen = new HashSet<>();
        try {
            root.connectTimeout = Durations.parse(ConfCommand.CONNECT_TIMEOUT);
            root.readTimeout = Durations.parse(ConfCommand.READ_TIMEOUT);
            root.attempts = Integer.parseInt(ConfCommand.ATTEMPTS);
            get.hooks.onError = HookOptions.ON_ERROR;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("-")) {
                    if (!afterGet) {
                        if (!a.equals("get")) {
                            return false;
                        }
                        afterGet = true;
                    } else if (get.conferenceId == null) {
                        get.conferenceId = a;
                    } else {
                        return false;
                    }
                    continue;
                }
                String name = a;
                String value = null;
                int eq = a.indexOf('=');
                if (a.startsWith("--") && eq > 0) {
                    name = a.substring(0, eq);
                    value = a.substring(eq + 1);
                }
                boolean valued = ROOT_VALUED.contains(name) || (afterGet && GET_VALUED.contains(name));
                if (ROOT_FLAGS.contains(name) && value == null) {
                    String flag = name.equals("-v") ? "--verbose" : name;
                    if (!seen.add(flag)) {
                        return false;
                    }
                    if (flag.equals("--verbose")) {
                        root.verbose = true;
                    } else {
                        root.noTokenCache = true;
                    }
                    continue;
                }
                if (!valued) {
                    return false;
                }
                if (value == null) {
                    if (i + 1 >= args.length || isOption(args[i + 1])) {
                        return false;
                    }
                    value = args[++i];
                }
                String key = name.equals("-o") ? "--output" : name;
                if (!REPEATABLE.contains(key) && !seen.add(key)) {
                    return false;
                }
                set(key, value, root, get);
            }
        } catch (IllegalArgumentException badValue) {
            return false;
        }
        return afterGet && get.conferenceId != null;
    }

    private static boolean isOption(String s) {
        String name = s.contains("=") ? s.substring(0, s.indexOf('=')) : s;
        return ROOT_VALUED.contains(name) || ROOT_FLAGS.contains(name) || GET_VALUED.contains(name)
                || name.equals("-h") || name.equals("--help") || name.equals("-V") || name.equals("--version");
    }

    private static void set(String name, String value, ConfCommand root, GetCommand get) {
        switch (name) {
            case "--base-url" -> root.baseUrl = value;
            case "--account" -> root.account = value;
            case "--profile" -> root.profile = value;
            case "--output" -> root.output = value;
            case "--select" -> root.select = value;
            case "--connect-timeout" -> root.connectTimeout = Durations.parse(value);
            case "--read-timeout" -> root.readTimeout = Durations.parse(value);
            case "--attempts" -> root.attempts = Integer.parseInt(value);
            case "--token-url" -> root.tokenUrl = value;
            case "--hook" -> get.hooks.files.add(Path.of(value));
            case "--filter" -> get.hooks.filters.add(value);
            case "--map" -> get.hooks.maps.add(value);
            case "--hook-timeout" -> get.hooks.timeout = Durations.parse(value);
            case "--on-hook-error" -> get.hooks.onError = value;
            case "--fail-on" -> get.failOn.failOn = value;
            default -> throw new IllegalArgumentException(name);
        }
    }

    /** stdout as picocli writes it: autoflushed, in the console's encoding. */
    static PrintWriter stdout() {
        return writer(System.out, "sun.stdout.encoding");
    }

    static PrintWriter stderr() {
        return writer(System.err, "sun.stderr.encoding");
    }

    private static PrintWriter writer(java.io.PrintStream stream, String encodingProperty) {
        String encoding = System.getProperty(encodingProperty);
        Charset charset = encoding != null && Charset.isSupported(encoding) ? Charset.forName(encoding)
                : Charset.defaultCharset();
        return new PrintWriter(new OutputStreamWriter(stream, charset), true);
    }

    /** The options this class reads, for the test that holds it to picocli's model of {@code get}. */
    static List<Set<String>> optionNames() {
        return List.of(ROOT_VALUED, ROOT_FLAGS, GET_VALUED);
    }
}
