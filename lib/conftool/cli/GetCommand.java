package conftool.cli;

import conftool.model.Conference;
import conftool.output.Views;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Show a conference: its fields and every active member (mute, hold, coaching).")
final class GetCommand implements Callable<Integer> {

    @ParentCommand
    ConfCommand conf;

    @Parameters(paramLabel = "CONFERENCE_ID", description = "e.g. conf-04c62a3d-1cd6-4bb9-8c91-27ed04140964")
    String conferenceId;

    @Override
    public Integer call() {
        Conference c = conf.client().conference(conferenceId);
        conf.printer().one(c, () -> Views.conference(conf.out(), c), Views.MEMBERS, c.members());
        return ExitCode.OK;
    }
}
