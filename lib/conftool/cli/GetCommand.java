package conftool.cli;

import conftool.alerts.StreamSink;
import conftool.model.Conference;
import conftool.output.OutputFormat;
import conftool.output.Printer;
import conftool.output.Views;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "get", mixinStandardHelpOptions = true,
        description = {"Show a conference: its fields and every active member (mute, hold, coaching).",
                "Hooks (--hook, --filter, --map) choose and reshape the members and raise alerts on stderr."})
final class GetCommand implements Callable<Integer> {

    @ParentCommand
    ConfCommand conf;

    @Parameters(paramLabel = "CONFERENCE_ID", description = "e.g. conf-04c62a3d-1cd6-4bb9-8c91-27ed04140964")
    String conferenceId;

    @Mixin
    HookOptions hooks;

    @Override
    public Integer call() {
        hooks.check();
        Printer printer = conf.printer();
        if (!hooks.any()) {
            print(printer, conf.client().conference(conferenceId));
            return ExitCode.OK;
        }
        CompletableFuture<HookRunner> loading = HookRunner.loadInBackground(hooks,
                new StreamSink(conf.err(), printer.format() == OutputFormat.NDJSON), conf.err());
        Conference fetched;
        try {
            fetched = conf.client().conference(conferenceId);
        } catch (RuntimeException e) {
            HookRunner.discard(loading);
            throw e;
        }
        String json = HookRunner.json(fetched);
        try (HookRunner runner = HookRunner.await(loading)) {
            HookRunner.Result r = runner.apply(fetched, json);
            if (r.mapped() != null) {
                printer.values(r.mapped());
            } else {
                Conference kept = r.conference();
                printer.one(kept, () -> Views.conference(conf.out(), kept, fetched.members().size()), Views.MEMBERS,
                        kept.members());
            }
            int code = runner.exitCode();
            return code == ExitCode.ALERT ? hooks.alertReached(conf.err()) : code;
        }
    }

    private void print(Printer printer, Conference c) {
        printer.one(c, () -> Views.conference(conf.out(), c), Views.MEMBERS, c.members());
    }
}
