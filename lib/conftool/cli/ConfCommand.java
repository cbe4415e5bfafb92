package conftool.cli;

import conftool.client.ConferenceClient;
import conftool.client.Profiles;
import conftool.output.JsonSelect;
import conftool.output.OutputFormat;
import conftool.output.Printer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The root of the command line. Its options are inherited, so they work before or after the subcommand;
 * subcommands ask it for the client and the printer, built only when a command needs them.
 */
@Command(name = "conf",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "See, filter and watch Bandwidth Voice API conferences.",
        footer = {"", "Credentials: BW_CLIENT_ID, BW_CLIENT_SECRET, BW_ACCOUNT_ID (legacy: BW_USERNAME, BW_PASSWORD),",
                "or --profile NAME from ~/.config/conf/config (chmod 600). `conf auth status` shows which.",
                "Try it without any: conf demo", "", ExitCode.HELP})
public final class ConfCommand implements Callable<Integer> {

    /**
     * The subcommands, in the order help lists them. Registered lazily: picocli reads every option of every
     * command it is given, which a one-shot {@code conf get} would pay for on each run.
     */
    static final List<String> SUBCOMMANDS = List.of("get", "check", "watch", "top", "listen", "list", "member", "end",
            "redirect", "bxml", "recordings", "download", "auth", "simulate", "demo", "install", "classpath", "help");

    /** A new instance of a subcommand; a switch rather than a map of constructors, which would load every class. */
    static Object subcommand(String name) {
        return switch (name) {
            case "get" -> new GetCommand();
            case "check" -> new CheckCommand();
            case "watch" -> new WatchCommand();
            case "top" -> new TopCommand();
            case "listen" -> new ListenCommand();
            case "list" -> new ListCommand();
            case "member" -> new MemberCommand();
            case "end" -> new EndCommand();
            case "redirect" -> new RedirectCommand();
            case "bxml" -> new BxmlCommand();
            case "recordings" -> new RecordingsCommand();
            case "download" -> new DownloadCommand();
            case "auth" -> new AuthCommand();
            case "simulate" -> new SimulateCommand();
            case "demo" -> new DemoCommand();
            case "install" -> new InstallCommand();
            case "classpath" -> new ClasspathCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Root options that take a value, so that their value is not taken for the subcommand's name. */
    private static final java.util.Set<String> VALUED = java.util.Set.of("--base-url", "--account", "--profile", "-o",
            "--output", "--select", "--connect-timeout", "--read-timeout", "--attempts", "--token-url");

    /** Defaults of the options below, shared with {@link QuickGet}. */
    static final String CONNECT_TIMEOUT = "5s";
    static final String READ_TIMEOUT = "30s";
    static final String ATTEMPTS = "4";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--base-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "API base URL (default: $CONF_BASE_URL, the profile's, or https://voice.bandwidth.com/api/v2)."
                    + " Plain http only to loopback.")
    String baseUrl;

    @Option(names = "--account", scope = ScopeType.INHERIT, paramLabel = "ID",
            description = "Account id, instead of BW_ACCOUNT_ID or the profile's.")
    String account;

    @Option(names = "--profile", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Credentials profile from the config file.")
    String profile;

    @Option(names = "--token-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "OAuth token URL for client credentials (default: $CONF_TOKEN_URL, the profile's, or"
                    + " https://api.bandwidth.com/api/v1/oauth2/token). Plain http only to loopback.")
    String tokenUrl;

    @Option(names = "--no-token-cache", scope = ScopeType.INHERIT,
            description = "Keep OAuth tokens in memory only, instead of sharing them between runs through"
                    + " ~/.cache/conf/tokens.")
    boolean noTokenCache;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log each HTTP request and response to stderr (credentials redacted).")
    boolean verbose;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "table, wide, json, ndjson or csv (default: table on a terminal, json when piped).")
    String output;

    @Option(names = "--select", scope = ScopeType.INHERIT, paramLabel = "POINTER",
            description = "Print only this JSON Pointer of each result, e.g. /activeMembers/0/callId.")
    String select;

    @Option(names = "--connect-timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION",
            defaultValue = CONNECT_TIMEOUT, converter = DurationConverter.class,
            description = "Connect timeout (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--read-timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION", defaultValue = READ_TIMEOUT,
            converter = DurationConverter.class, description = "Read timeout (default: ${DEFAULT-VALUE}).")
    Duration readTimeout;

    @Option(names = "--attempts", scope = ScopeType.INHERIT, paramLabel = "N", defaultValue = ATTEMPTS,
            description = "Attempts per request when the API is busy or failing (GETs; 429s for all)"
                    + " (default: ${DEFAULT-VALUE}).")
    int attempts;

    private final Map<String, String> env;
    private ConferenceClient client;
    /** Set when {@link QuickGet} runs the command without picocli; otherwise picocli's writers. */
    PrintWriter out;
    PrintWriter err;

    public ConfCommand() {
        this(System.getenv());
    }

    public ConfCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCode.USAGE;
    }

    /** The API client for the chosen credentials and base URL; built on first use. */
    ConferenceClient client() {
        if (client == null) {
            client = clientBuilder().build();
        }
        return client;
    }

    /** The client's settings from the options, for commands that add their own (a request gate). */
    ConferenceClient.Builder clientBuilder() {
        Profiles.Target target = target();
        if (verbose) {
            PrintWriter log = err();
            log.println("[auth] " + target.credentials().kind() + " for " + target.credentials().identity()
                    + ", account " + target.credentials().accountId() + ", from " + target.origin());
            if (target.credentials() instanceof conftool.client.Credentials.ClientCredentials c) {
                log.println("[auth] token URL " + c.tokenUrl() + "; tokens " + (target.tokenCache() == null
                        ? "kept in memory only" : "shared between runs through " + target.tokenCache()));
            }
            if (target.unused() != null) {
                log.println("[auth] " + target.unused());
            }
            log.flush();
        }
        return ConferenceClient.builder()
                .target(target)
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .maxAttempts(attempts)
                .log(verbose ? err() : null);
    }

    /** The credentials, account and URLs the options, the environment and the config file name. */
    Profiles.Target target() {
        return new Profiles(env).resolve(new Profiles.Options(profile, account, baseUrl, tokenUrl, noTokenCache));
    }

    /** Whether streamed output (events, alerts) is NDJSON rather than lines: asked for, or not on a terminal. */
    boolean streamsJson() {
        return !format().forPeople();
    }

    /** The output format; whether stdout is a terminal is asked only when no format was given. */
    private OutputFormat format() {
        return OutputFormat.resolve(output, (output == null || output.isBlank()) && Terminal.isTerminal(env));
    }

    Printer printer() {
        return new Printer(out(), format(),
                select == null ? null : new JsonSelect(select));
    }

    PrintWriter out() {
        return out != null ? out : spec.commandLine().getOut();
    }

    /**
     * Whether stdout was closed by its reader ({@code conf watch … | head -1}). System.out swallows the write error
     * itself, so the writer above it never sees one: both are asked.
     */
    boolean outputClosed() {
        return out().checkError() || System.out.checkError();
    }

    PrintWriter err() {
        return err != null ? err : spec.commandLine().getErr();
    }

    /** The environment conf reads its credentials from; tests give their own. */
    Map<String, String> env() {
        return env;
    }

    /** Builds the command line with conf's error handling and every subcommand; used by tests. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** The command line reading credentials from {@code env} instead of the process environment. */
    public static CommandLine commandLine(Map<String, String> env) {
        return commandLine(env, null);
    }

    /**
     * The command line for these arguments: only the subcommand they name is registered (all of them when they name
     * none we know, for help and suggestions).
     */
    public static CommandLine commandLine(Map<String, String> env, String[] args) {
        return ConfCommandLine.create(env, args);
    }

    /** The first argument that is not an option or a root option's value. */
    static String subcommandIn(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return null;
            }
            if (!a.startsWith("-")) {
                return a;
            }
            if (VALUED.contains(a)) {
                i++;
            }
        }
        return null;
    }

    /** As {@link Main#main}: launchers written by an earlier {@code conf install} start this class. */
    public static void main(String... args) {
        Main.main(args);
    }
}
