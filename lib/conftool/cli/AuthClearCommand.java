package conftool.cli;

import conftool.client.TokenCache;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Removes every cached OAuth token, whatever the credentials: after rotating a secret, or to leave a machine clean. */
@Command(name = "clear", mixinStandardHelpOptions = true,
        description = "Remove every cached OAuth token (~/.cache/conf/tokens). The next command asks for a new one.")
final class AuthClearCommand implements Callable<Integer> {

    @ParentCommand
    AuthCommand auth;

    @Override
    public Integer call() throws Exception {
        Path dir = TokenCache.defaultDir(auth.conf.env());
        int removed = new TokenCache(dir, null).clear();
        auth.conf.out().println("removed " + removed + " cached token" + (removed == 1 ? "" : "s") + " from " + dir);
        auth.conf.out().flush();
        return ExitCode.OK;
    }
}
