package conftool.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "end", mixinStandardHelpOptions = true,
        description = "End a conference: every member is removed and completedTime is set. Not retried on failure.")
final class EndCommand implements Callable<Integer> {

    @ParentCommand
    ConfCommand conf;

    @Parameters(paramLabel = "CONFERENCE_ID")
    String conferenceId;

    @Override
    public Integer call() {
        conf.client().endConference(conferenceId);
        conf.err().println("conf: ended " + conferenceId);
        return ExitCode.OK;
    }
}
