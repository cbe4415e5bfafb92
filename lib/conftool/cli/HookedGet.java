package conftool.cli;

import conftool.alerts.AlertSink;
import conftool.alerts.PendingAlerts;
import conftool.hooks.InlineHooks;
import conftool.model.Alert;
import conftool.model.Conference;
import conftool.output.Printer;
import conftool.output.Views;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * "Load the hooks, fetch the conference, apply them, print": the one path of {@code get}, {@code check} and
 * {@code demo}, so that they cannot drift apart (in what the hooks see, or in the exit code they call for).
 */
final class HookedGet {

    /**
     * A fetched conference after the hooks.
     *
     * @param fetched  the conference as the API answered
     * @param kept     the members the filters kept (all without filters)
     * @param mapped   what the maps made of them, as JSON values; null without a map
     * @param filtered whether a filter ran
     * @param alerts   the alerts raised, judged for {@code for}
     * @param exitCode 8 when a hook failed, 9 when an alert reached {@code --fail-on}, else 0
     */
    record Outcome(Conference fetched, Conference kept, List<String> mapped, boolean filtered, List<Alert> alerts,
            int exitCode) {
    }

    private HookedGet() {
    }

    /**
     * Fetches with {@code fetch}, then runs the hooks. {@code --filter}/{@code --map} expressions that Java evaluates
     * exactly ({@link InlineHooks}) run without GraalJS; otherwise GraalJS loads while the request is made (its start
     * is a good part of a one-shot run). Without hooks nothing of GraalJS is loaded, and {@code sink} may be null.
     *
     * @param pending the memory of earlier runs for alerts raised with {@code for}; null for none
     */
    static Outcome run(HookOptions hooks, Alert.Level failOn, AlertSink sink, ConfCommand conf,
            Supplier<Conference> fetch, PendingAlerts pending) {
        hooks.check();
        if (!hooks.any()) {
            Conference c = fetch.get();
            return new Outcome(c, c, null, false, List.of(), ExitCode.OK);
        }
        PrintWriter err = conf.err();
        InlineHooks inline = hooks.inline(conf.env());
        if (inline == null) {
            verbose(conf, "GraalJS runs the hooks (" + hooks.whyGraalJs(conf.env()) + ")");
            CompletableFuture<HookRunner> loading = HookRunner.loadInBackground(hooks, failOn, sink, err);
            Conference fetched;
            try {
                fetched = fetch.get();
            } catch (RuntimeException e) {
                HookRunner.discard(loading);
                throw e;
            }
            return inGraalJs(HookRunner.await(loading), fetched, HookRunner.json(fetched), pending);
        }
        Conference fetched = fetch.get();
        String json = HookRunner.json(fetched);
        InlineHooks.Outcome o = inline.apply(json);
        if (o == null) {
            verbose(conf, "GraalJS runs --filter and --map (a value the Java evaluator leaves to it)");
            return inGraalJs(new HookRunner(hooks, failOn, sink, err), fetched, json, pending);
        }
        verbose(conf, "--filter and --map evaluated in Java (no GraalJS)");
        if (pending != null) {
            // they raise no alert: what pending remembers for hooks of these names is resolved, as in GraalJS
            pending.judge(fetched.id(), inline.names(), List.of(), java.time.Instant.now());
        }
        Conference kept = fetched.withMembers(o.kept().stream().map(i -> fetched.members().get(i)).toList());
        return new Outcome(fetched, kept, o.mapped(), !hooks.filters.isEmpty(), List.of(), ExitCode.OK);
    }

    private static Outcome inGraalJs(HookRunner loaded, Conference fetched, String json, PendingAlerts pending) {
        try (HookRunner runner = loaded) {
            HookRunner.Result r = runner.apply(fetched, json, pending == null ? new PendingAlerts() : pending);
            return new Outcome(fetched, r.conference(), r.mapped(), runner.filters(), r.alerts(), runner.exitCode());
        }
    }

    private static void verbose(ConfCommand conf, String line) {
        if (conf.verbose) {
            conf.err().println("[hooks] " + line);
            conf.err().flush();
        }
    }

    /** Prints what the hooks made: the maps' values, or the conference with the members kept. */
    static void print(Printer printer, PrintWriter out, Outcome o) {
        if (o.mapped() != null) {
            printer.values(o.mapped());
            return;
        }
        Conference kept = o.kept();
        printer.one(kept, wide -> Views.conference(out, kept, o.fetched().members().size(), wide), Views.MEMBERS,
                kept.members());
    }

    /** The command's exit code, with the line that says why when an alert reached {@code --fail-on}. */
    static int exitCode(Outcome o, FailOnOption failOn, PrintWriter err) {
        return o.exitCode() == ExitCode.ALERT ? failOn.reached(err) : o.exitCode();
    }
}
