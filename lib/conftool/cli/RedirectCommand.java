package conftool.cli;

import conftool.model.ConferenceUpdate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "redirect", mixinStandardHelpOptions = true,
        description = "Send the conference a conferenceRedirect webhook at URL, whose answer gives it new BXML.")
final class RedirectCommand implements Callable<Integer> {

    @ParentCommand
    ConfCommand conf;

    @Parameters(index = "0", paramLabel = "CONFERENCE_ID")
    String conferenceId;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "Where the redirect webhook goes.")
    String url;

    @Option(names = "--method", paramLabel = "GET|POST", description = "Webhook method (API default POST).")
    String method;

    @Override
    public Integer call() {
        if (method != null && !method.equals("GET") && !method.equals("POST")) {
            throw new conftool.client.ConfException.InvalidInput("--method must be GET or POST");
        }
        conf.client().updateConference(conferenceId, ConferenceUpdate.redirect(url, method));
        conf.err().println("conf: redirected " + conferenceId + " to " + url);
        return ExitCode.OK;
    }
}
