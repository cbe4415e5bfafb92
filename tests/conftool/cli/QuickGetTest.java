package conftool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import conftool.sim.World;
import conftool.support.Cli;
import conftool.support.TestSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code conf get} without picocli: the same answers as picocli's path, and picocli for everything else. */
class QuickGetTest {

    static final String SEED = World.SEED_CONFERENCE_ID;
    static TestSimulator t;
    static Map<String, String> env;

    @BeforeAll
    static void start() {
        t = new TestSimulator();
        env = new HashMap<>(Map.of("BW_USERNAME", TestSimulator.USER, "BW_PASSWORD", TestSimulator.PASSWORD,
                "BW_ACCOUNT_ID", TestSimulator.ACCOUNT, "CONF_BASE_URL", t.sim.baseUrl(), "CONF_TERMINAL", "false",
                "CONF_CONFIG", "/nonexistent/conf-config"));
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    record Quick(Integer code, String out, String err) {
    }

    static Quick quick(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Integer code = QuickGet.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Quick(code, out.toString(), err.toString());
    }

    @Test
    void readsEveryOptionPicocliKnowsForGet() {
        CommandLine get = ConfCommand.commandLine(env, new String[] {"get"}).getSubcommands().get("get");
        Set<String> picocli = new HashSet<>();
        get.getCommandSpec().options().forEach(o -> picocli.addAll(List.of(o.names())));
        picocli.removeAll(Set.of("-h", "--help", "-V", "--version"));
        Set<String> quick = new HashSet<>();
        QuickGet.optionNames().forEach(quick::addAll);
        assertEquals(picocli, quick, "an option added to get must be read by QuickGet too (or QuickGet declines it)");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "get SEED -o json",
        "-o json get SEED",
        "get SEED --output=table",
        "--account 9900000 get SEED -o csv",
        "get SEED -o json --select /activeMembers/0/callId",
        "get SEED -o ndjson --filter m.mute",
        "get SEED -o json --map ({c:m.callId,h:m.hold})",
        "get SEED -o json --hook scripts/muted-members.js --hook scripts/member-count.js --fail-on warning",
        "get SEED -o json --filter m.nothing.here --on-hook-error skip",
        "get SEED -o json --filter m.nothing.here",
        "get conf-nope -o json",
        "get SEED -o yaml",
        "get SEED --base-url=http://example.com/api/v2",
        "get SEED -o json --connect-timeout 2s --read-timeout 3s --attempts 1",
        "get SEED -o wide",
        "get SEED -o table --select /completedTime",
        "get SEED --select /a~2",
        "get SEED --base-url=HTTP://LOCALHOST:99999/api/v2",
        "get SEED -o table --filter false",
        "get SEED --fail-on loud",
    })
    void givesWhatPicocliGivesForTheSameArguments(String line) {
        String[] args = line.replace("SEED", SEED).split(" ");
        Quick q = quick(args);
        Cli.Result p = cliWith(env).run(args);
        assertEquals(p.exitCode(), q.code(), line + "\n" + q.err() + "\n---\n" + p.err());
        assertEquals(p.out(), q.out(), line);
        assertEquals(p.err(), q.err(), line);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "get", "get SEED other", "get --help", "get SEED -h", "--version", "list",
        "get SEED --bogus", "get SEED -o", "get SEED -o json -o table", "get SEED --attempts many",
        "get SEED --read-timeout soon", "get SEED -vo json", "get -- SEED", "--filter m.mute get SEED",
        "get SEED --hook", "get SEED --select --filter"})
    void leavesToPicocliWhatItDoesNotFullyUnderstand(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.replace("SEED", SEED).split(" ");
        assertNull(quick(args).code(), line);
    }

    private static Cli cliWith(Map<String, String> env) {
        Cli cli = new Cli();
        env.forEach(cli::env);
        return cli;
    }
}
