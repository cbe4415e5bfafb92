package conftool.cli;

import conftool.model.ConferenceMember;
import conftool.model.MemberUpdate;
import conftool.output.Views;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "member", mixinStandardHelpOptions = true,
        description = {"Show one member of a conference, or change it: mute, hold, coaching.",
                "Only the settings given change; the member is shown as the API has it afterwards.",
                "Examples:", "  conf member CONF CALL --mute", "  conf member CONF CALL --unhold --coach c-1,c-2"})
final class MemberCommand implements Callable<Integer> {

    @ParentCommand
    ConfCommand conf;

    @Parameters(index = "0", paramLabel = "CONFERENCE_ID")
    String conferenceId;

    @Parameters(index = "1", paramLabel = "CALL_ID", description = "The member's call id (c-…).")
    String callId;

    @ArgGroup(exclusive = true)
    Mute mute;

    @ArgGroup(exclusive = true)
    Hold hold;

    @ArgGroup(exclusive = true)
    Coach coach;

    static final class Mute {
        @Option(names = "--mute", required = true, description = "Mute the member (it still hears).")
        boolean on;
        @Option(names = "--unmute", required = true, description = "Unmute the member.")
        boolean off;
    }

    static final class Hold {
        @Option(names = "--hold", required = true, description = "Put the member on hold (it neither hears nor speaks).")
        boolean on;
        @Option(names = "--unhold", required = true, description = "Take the member off hold.")
        boolean off;
    }

    static final class Coach {
        @Option(names = "--coach", required = true, split = ",", paramLabel = "CALL_ID",
                description = "Make the member coach these calls (comma-separated; replaces the list).")
        List<String> calls;
        @Option(names = "--no-coach", required = true, description = "Stop the member coaching anyone.")
        boolean none;
    }

    @Override
    public Integer call() {
        MemberUpdate update = new MemberUpdate(
                mute == null ? null : mute.on,
                hold == null ? null : hold.on,
                coach == null ? null : coach.none ? List.of() : coach.calls);
        var client = conf.client();
        if (!update.isEmpty()) {
            client.updateMember(conferenceId, callId, update);
        }
        ConferenceMember m = client.member(conferenceId, callId);
        conf.printer().one(m, wide -> Views.member(conf.out(), m), Views.MEMBERS, List.of(m));
        return ExitCode.OK;
    }
}
