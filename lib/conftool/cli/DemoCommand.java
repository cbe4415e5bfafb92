package conftool.cli;

import conftool.alerts.PendingAlerts;
import conftool.alerts.StreamSink;
import conftool.client.ConferenceClient;
import conftool.client.Credentials;
import conftool.model.Conference;
import conftool.model.ConferenceFilter;
import conftool.model.ConferenceMember;
import conftool.model.MemberUpdate;
import conftool.output.JsonSelect;
import conftool.output.OutputFormat;
import conftool.output.Printer;
import conftool.output.Views;
import conftool.sim.Simulator;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Try conf without an account, against a simulator started in this process.",
                "The simulator listens on loopback; list, get and a member update go to it over real HTTP."})
final class DemoCommand implements Callable<Integer> {

    @ParentCommand
    ConfCommand conf;

    @picocli.CommandLine.Mixin
    HookOptions hooks;

    @picocli.CommandLine.Mixin
    FailOnOption failOn;

    @Override
    public Integer call() throws Exception {
        hooks.check();
        failOn.level();
        PrintWriter out = conf.out();
        OutputFormat format = conf.output == null ? OutputFormat.TABLE : OutputFormat.resolve(conf.output, true);
        try (Simulator sim = Simulator.builder().livingConferences(3).seed(7).start()) {
            ConferenceClient client = ConferenceClient.builder()
                    .credentials(Credentials.clientCredentials(sim.clientId(), sim.clientSecret(), sim.tokenUrl(),
                            sim.accountId()))
                    .baseUrl(sim.baseUrl())
                    .log(conf.verbose ? conf.err() : null)
                    .build();
            Printer printer = new Printer(out, format, conf.select == null ? null : new JsonSelect(conf.select));
            say(out, "conf demo: a Bandwidth Voice API simulator runs in this process at " + sim.baseUrl());
            say(out, "");
            say(out, "$ conf list");
            List<Conference> all = client.conferences(ConferenceFilter.all(), null).toList();
            printer.list(all.stream(), Views.CONFERENCES_TABLE, Views.CONFERENCES);

            Conference live = all.stream().filter(c -> !c.isCompleted())
                    .map(c -> client.conference(c.id()))
                    .max(Comparator.comparingInt(c -> c.members().size()))
                    .orElseThrow();
            say(out, "");
            say(out, "$ conf get " + live.id() + (hooks.any() ? " (with your hooks)" : ""));
            HookedGet.Outcome got = HookedGet.run(hooks, failOn.level(),
                    new StreamSink(conf.err(), format == OutputFormat.NDJSON), conf, () -> live,
                    new PendingAlerts());
            HookedGet.print(printer, out, got);

            ConferenceMember target = live.members().stream().filter(m -> !m.isMuted()).findFirst()
                    .orElse(live.members().get(0));
            say(out, "");
            say(out, "$ conf member " + live.id() + " " + target.callId() + " --mute");
            client.updateMember(live.id(), target.callId(), new MemberUpdate(true, null, null));
            ConferenceMember after = client.member(live.id(), target.callId());
            printer.one(after, wide -> Views.member(out, after), Views.MEMBERS, List.of(after));

            say(out, "");
            say(out, "Next: `conf simulate` (./jbang conf.java simulate) serves this simulator for your own scripts;");
            say(out, "with BW_CLIENT_ID, BW_CLIENT_SECRET and BW_ACCOUNT_ID set, the same commands work on your account.");
            say(out, "Hooks: conf get CONF --filter 'm.mute && !m.hold' --map '({call: m.callId})', or --hook FILE.js");
            // the demo goes on after a hook failed under --on-hook-error skip, and then ends as get would
            return HookedGet.exitCode(got, failOn, conf.err());
        }
    }

    /** The narration goes to stdout only for tables: JSON output stays parseable. */
    private void say(PrintWriter out, String line) {
        if (conf.output == null || OutputFormat.resolve(conf.output, true).forPeople()) {
            out.println(line);
        } else {
            conf.err().println(line);
        }
    }
}
