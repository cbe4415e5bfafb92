package conftool.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "auth", mixinStandardHelpOptions = true,
        description = {"Which credentials conf uses, and its cached OAuth tokens.", "",
                "Client credentials (BW_CLIENT_ID, BW_CLIENT_SECRET) are exchanged for Bearer tokens that one-shot"
                        + " commands share through ~/.cache/conf/tokens (0600 files in a 0700 folder, never the"
                        + " secret). Username and password (BW_USERNAME, BW_PASSWORD) are the legacy form."},
        subcommands = {AuthStatusCommand.class, AuthClearCommand.class})
final class AuthCommand implements Callable<Integer> {

    @ParentCommand
    ConfCommand conf;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCode.USAGE;
    }
}
