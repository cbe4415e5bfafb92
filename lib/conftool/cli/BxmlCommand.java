package conftool.cli;

import conftool.client.ConfException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "bxml", mixinStandardHelpOptions = true,
        description = {"Give a conference new BXML (PlayAudio, SpeakSentence and recording verbs only).",
                "Example: conf bxml CONF announce.xml   (or - to read stdin)"})
final class BxmlCommand implements Callable<Integer> {

    @ParentCommand
    ConfCommand conf;

    @Parameters(index = "0", paramLabel = "CONFERENCE_ID")
    String conferenceId;

    @Parameters(index = "1", paramLabel = "FILE", description = "The BXML document, or - for stdin.")
    String file;

    @Override
    public Integer call() {
        String bxml;
        try {
            bxml = file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfException.InvalidInput("BXML file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfException.InvalidInput("cannot read BXML from " + file + ": " + e);
        }
        conf.client().updateBxml(conferenceId, bxml);
        conf.err().println("conf: BXML sent to " + conferenceId);
        return ExitCode.OK;
    }
}
