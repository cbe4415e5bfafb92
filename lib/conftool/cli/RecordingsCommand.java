package conftool.cli;

import conftool.model.ConferenceRecording;
import conftool.output.Views;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "recordings", mixinStandardHelpOptions = true,
        description = {"List a conference's recordings, or show one.", "Download one with: conf download CONF REC"})
final class RecordingsCommand implements Callable<Integer> {

    @ParentCommand
    ConfCommand conf;

    @Parameters(index = "0", paramLabel = "CONFERENCE_ID")
    String conferenceId;

    @Parameters(index = "1", arity = "0..1", paramLabel = "RECORDING_ID", description = "Show only this one (r-…).")
    String recordingId;

    @Override
    public Integer call() {
        var printer = conf.printer();
        if (recordingId == null) {
            printer.list(conf.client().recordings(conferenceId).stream(), Views.RECORDINGS_TABLE, Views.RECORDINGS);
        } else {
            ConferenceRecording r = conf.client().recording(conferenceId, recordingId);
            printer.one(r, wide -> Views.recording(conf.out(), r), Views.RECORDINGS, List.of(r));
        }
        return ExitCode.OK;
    }
}
