package conftool.support;

import conftool.cli.ConfCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs the conf command line in this JVM with a given environment, capturing stdout, stderr and the exit code. */
public final class Cli {

    public record Result(int exitCode, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    private final Map<String, String> env = new HashMap<>();

    public static Cli against(TestSimulator s) {
        return new Cli()
                .env("BW_USERNAME", TestSimulator.USER)
                .env("BW_PASSWORD", TestSimulator.PASSWORD)
                .env("BW_ACCOUNT_ID", TestSimulator.ACCOUNT)
                .env("CONF_BASE_URL", s.sim.baseUrl());
    }

    /**
     * Points conf at the simulator with client credentials, sharing tokens through {@code tokenCache} (given as
     * {@code XDG_CACHE_HOME}, so that no test touches the machine's own cache).
     */
    public static Cli withClientCredentials(TestSimulator s, java.nio.file.Path cacheHome) {
        return new Cli()
                .env("BW_CLIENT_ID", TestSimulator.CLIENT_ID)
                .env("BW_CLIENT_SECRET", TestSimulator.CLIENT_SECRET)
                .env("BW_ACCOUNT_ID", TestSimulator.ACCOUNT)
                .env("CONF_BASE_URL", s.sim.baseUrl())
                .env("CONF_TOKEN_URL", s.sim.tokenUrl())
                .env("CONF_CONFIG", "/nonexistent/conf-config")
                .env("XDG_CACHE_HOME", cacheHome.toString());
    }

    public Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public Cli without(String name) {
        env.remove(name);
        return this;
    }

    public Result run(String... args) {
        return run(List.of(args));
    }

    public Result run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = ConfCommand.commandLine(env, args.toArray(String[]::new));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }
}
