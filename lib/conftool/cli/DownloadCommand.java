package conftool.cli;

import conftool.client.ConferenceClient;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Download a conference recording's audio to a file.",
                "The file appears whole or not at all; an existing file is kept unless --force."})
final class DownloadCommand implements Callable<Integer> {

    @ParentCommand
    ConfCommand conf;

    @Parameters(index = "0", paramLabel = "CONFERENCE_ID")
    String conferenceId;

    @Parameters(index = "1", paramLabel = "RECORDING_ID")
    String recordingId;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Where to write the audio (default: RECORDING_ID.wav or .mp3 in the current folder).")
    Path file;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    @Override
    public Integer call() {
        ConferenceClient client = conf.client();
        Path target = file;
        if (target == null) {
            String format = client.recording(conferenceId, recordingId).fileFormat();
            target = Path.of(recordingId + "." + ("mp3".equals(format) ? "mp3" : "wav"));
        }
        ConferenceClient.Download d = client.download(conferenceId, recordingId, target, force);
        // the content type is the server's text
        conf.err().println("conf: wrote " + d.bytes() + " bytes (" + conftool.output.Inert.text(d.contentType())
                + ") to " + d.file());
        return ExitCode.OK;
    }
}
