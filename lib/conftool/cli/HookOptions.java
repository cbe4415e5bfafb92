package conftool.cli;

import conftool.client.ConfException;
import conftool.hooks.HookSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The hook options of every command that shows members. Plain values only: GraalJS is loaded by
 * {@link HookRunner} when a hook is actually given.
 */
final class HookOptions {

    /** The default of --on-hook-error, shared with {@link QuickGet}. */
    static final String ON_ERROR = "fail";

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

    boolean any() {
        return !files.isEmpty() || !filters.isEmpty() || !maps.isEmpty();
    }
}
