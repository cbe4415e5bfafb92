package conftool.cli;

import conftool.alerts.StreamSink;
import conftool.output.OutputFormat;
import conftool.output.Printer;
import java.util.concurrent.Callable;
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

    @Mixin
    FailOnOption failOn;

    @Override
    public Integer call() {
        Printer printer = conf.printer();
        // a plain get loads no alert class: its start-up is paid on every run
        HookedGet.Outcome o = HookedGet.run(hooks, failOn.level(),
                hooks.any() ? new StreamSink(conf.err(), printer.format() == OutputFormat.NDJSON) : null, conf,
                () -> conf.client().conference(conferenceId), null);
        HookedGet.print(printer, conf.out(), o);
        return HookedGet.exitCode(o, failOn, conf.err());
    }
}
