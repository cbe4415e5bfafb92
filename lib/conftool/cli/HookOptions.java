package conftool.cli;

import conftool.client.ConfException;
import conftool.hooks.HookSession;
import conftool.hooks.InlineHooks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The hook options of every command that shows members. Plain values only: GraalJS is loaded by
 * {@link HookRunner} when a hook is actually given.
 */
final class HookOptions {

    /** The default of --on-hook-error, shared with {@link QuickGet}. */
    static final String ON_ERROR = "fail";
    /** Set to {@code always}, runs --filter and --map in GraalJS even when Java could. */
    static final String GRAALJS_ENV = "CONF_GRAALJS";

    @Option(names = "--hook", paramLabel = "FILE",
            description = "A JavaScript hook (ES module exporting filter, map, alert); repeatable, run in order.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--filter", paramLabel = "EXPR",
            description = "Keep members for which EXPR is truthy; m is the member, c the conference."
                    + " E.g. 'm.mute && !m.hold'.")
    List<String> filters = new ArrayList<>();

    @Option(names = "--map", paramLabel = "EXPR",
            description = "Print EXPR for each member instead of the member. E.g. '({call: m.callId, muted: m.mute})'.")
    List<String> maps = new ArrayList<>();

    @Option(names = "--hook-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Time limit of each hook call (default 1s, or the hook's options.timeout).")
    Duration timeout;

    @Option(names = "--on-hook-error", paramLabel = "skip|fail", defaultValue = ON_ERROR,
            description = "fail: stop at the first hook failure (default); skip: report it, leave that member out,"
                    + " go on. Either way the exit code is 8.")
    String onError;

    /**
     * Refuses bad values of --on-hook-error and --hook-timeout, with or without hooks: a command checks them first,
     * so a typo is a usage error even on a run that loads no hook.
     */
    void check() {
        onErrorMode();
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new ConfException.InvalidInput("--hook-timeout must be positive");
        }
    }

    HookSession.OnError onErrorMode() {
        try {
            return HookSession.OnError.valueOf(onError.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfException.InvalidInput("--on-hook-error must be skip or fail, not " + onError);
        }
    }

    /**
     * The Java evaluator of the {@code --filter}/{@code --map} expressions, or null when GraalJS must run the hooks:
     * a hook file, an expression beyond what conf evaluates in Java, or {@code CONF_GRAALJS=always} in {@code env}
     * (which compares the two).
     */
    InlineHooks inline(Map<String, String> env) {
        if (!files.isEmpty() || "always".equals(env.get(GRAALJS_ENV))) {
            return null;
        }
        return InlineHooks.of(filters, maps);
    }

    /** Why GraalJS runs the hooks, for --verbose. */
    String whyGraalJs(Map<String, String> env) {
        return !files.isEmpty() ? "--hook" : "always".equals(env.get(GRAALJS_ENV)) ? GRAALJS_ENV + "=always"
                : "an expression beyond what conf evaluates in Java";
    }

    boolean any() {
        return !files.isEmpty() || !filters.isEmpty() || !maps.isEmpty();
    }
}
