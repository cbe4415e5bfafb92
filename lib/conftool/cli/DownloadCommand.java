package conftool.cli;

import conftool.client.ConferenceClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Download a conference recording's audio to a file, or to stdout with --file -.",
                "The file appears whole or not at all; an existing file is kept unless --force."})
final class DownloadCommand implements Callable<Integer> {

    /** The --file that means stdout, as for curl and wget. */
    static final String STDOUT = "-";

    @ParentCommand
    ConfCommand conf;

    @Parameters(index = "0", paramLabel = "CONFERENCE_ID")
    String conferenceId;

    @Parameters(index = "1", paramLabel = "RECORDING_ID")
    String recordingId;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Where to write the audio (default: RECORDING_ID.wav or .mp3 in the current folder);"
                    + " - for stdout.")
    String file;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        if (STDOUT.equals(file)) {
            return toStdout(conf.client());
        }
        ConferenceClient client = conf.client();
        Path target = file == null ? null : Path.of(file);
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

    /**
     * The audio on stdout, whole or not at all as for a file: it is downloaded (and retried) into a private temporary
     * file first, so that a transfer cut short never hands half a recording to the next program in the pipe.
     */
    private int toStdout(ConferenceClient client) throws IOException {
        if (Terminal.isTerminal(conf.env())) {
            // audio bytes would be read by the terminal as control sequences, as curl warns too
            throw new conftool.client.ConfException.InvalidInput("refusing to write audio to a terminal: redirect"
                    + " stdout (--file - > call.wav, or into a pipe) or choose a file with --file");
        }
        Path tmp = Files.createTempFile("conf-download-", ".part");
        try {
            ConferenceClient.Download d = client.download(conferenceId, recordingId, tmp, true);
            OutputStream out = System.out;
            Files.copy(tmp, out);
            out.flush();
            conf.err().println("conf: wrote " + d.bytes() + " bytes (" + d.contentType() + ") to stdout");
            return ExitCode.OK;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
