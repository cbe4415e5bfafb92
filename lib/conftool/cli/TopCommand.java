package conftool.cli;

import conftool.alerts.AlertEngine;
import conftool.client.ConfException;
import conftool.client.ConferenceClient;
import conftool.events.EventPath;
import conftool.model.Conference;
import conftool.model.ConferenceMember;
import conftool.top.Top;
import conftool.top.TopTerminal;
import conftool.watch.Watcher;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiPredicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "top", mixinStandardHelpOptions = true,
        description = {"A live full-screen view of conferences and their members, polled like watch.", "",
                "Keys: up/down or j/k select a member; / filters by text (call id, conference name, state word),"
                + " Enter applies it, Esc clears it; m mutes or unmutes and h holds or unholds the selected member"
                + " through the API; s cycles the sort (join time, call id, state); ? shows help; q or Ctrl-C quits.",
                "Changes stay highlighted for a few seconds; a member who left shows as left until the next poll."
                + " Hooks work as in watch: a filter narrows the members shown, alerts show in a pane."
                + " Needs a terminal: for a stream of changes, use conf watch."})
final class TopCommand implements Callable<Integer> {

    @ParentCommand
    ConfCommand conf;

    @Mixin
    PollOptions poll;

    @Option(names = "--interval", defaultValue = "2s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Time between polls (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Mixin
    AlertOptions alerting;

    @Mixin
    HookOptions hooks;

    @Override
    public Integer call() throws Exception {
        poll.check(interval);
        if (!Terminal.isTerminal(conf.env())) {
            throw new ConfException.InvalidInput("conf top draws on a terminal, and stdout is not one;"
                    + " for a stream of changes use: conf watch " + poll.watchArguments());
        }
        if (conf.verbose) {
            throw new ConfException.InvalidInput("--verbose would write over conf top's screen;"
                    + " use it with conf watch");
        }
        hooks.check();
        Clock clock = Clock.systemUTC();
        ConferenceClient client = poll.client(conf, clock);
        Top top = new Top(client.account(), interval, client::updateMember);
        AlertEngine alerts = new AlertEngine(alerting.sinks(top.alertPane(), top.status(), new FailOnSink(null),
                conf.env()));
        HookRunner runner = hooks.any() ? new HookRunner(hooks, null, alerts::immediate, top.status()) : null;
        if (runner != null && runner.maps()) {
            top.status().println("--map and map() do not apply to top: members keep their shape");
        }
        TopTerminal terminal = null;
        List<Runnable> restore = List.of();
        try (Watcher watcher = new Watcher(client, poll.settings(null),
                top::event, runner == null ? null : runner.session(), alerts, clock, top.warnings())) {
            try {
                terminal = TopTerminal.open(conf.env());
            } catch (IOException e) {
                throw new ConfException.InvalidInput("conf top cannot draw here: " + e.getMessage()
                        + "; for a stream of changes use conf watch");
            }
            restore = Signals.onStop(top::stop);
            top.run(terminal, watcher, kept(runner, alerts, top));
            return ExitCode.OK;
        } finally {
            // the terminal first: whatever ended the run (q, a signal, a failure), the error is printed after it
            if (terminal != null) {
                terminal.close();
            }
            restore.forEach(Runnable::run);
            alerts.close(Duration.ofSeconds(1));
            if (runner != null) {
                runner.close();
            }
        }
    }

    /** The hooks' filter over the members shown, through the event path as watch's events go. */
    private static BiPredicate<Conference, ConferenceMember> kept(HookRunner runner, AlertEngine alerts, Top top) {
        if (runner == null || !runner.filters()) {
            return (c, m) -> true;
        }
        EventPath path = new EventPath(runner.session(), e -> { }, alerts, top.status());
        Object[] last = {null, null};
        return (c, m) -> {
            // one conference's JSON for all its members
            if (last[0] != c) {
                last[0] = c;
                last[1] = EventPath.json(c);
            }
            return path.keepsMember(m, (String) last[1]);
        };
    }
}
