package conftool.cli;

import conftool.client.ConfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Writes the fast {@code conf} launcher: a shell script that starts the JVM directly (no jbang in between), with an
 * AppCDS archive of conf's classes. The launcher rebuilds when the checkout's sources change and retrains the
 * archive when they or the JDK change; JVM messages go to stderr, never stdout.
 */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = {"Install a fast `conf` command that starts the JVM directly.", "",
                "It keeps a class-data archive, made and refreshed automatically when the code or the JDK "
                + "changes. Run it from the checkout: ./jbang conf.java install [--dir DIR]"})
final class InstallCommand implements Callable<Integer> {

    @ParentCommand
    ConfCommand conf;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to put `conf` (default: ~/.local/bin).")
    Path dir;

    @Option(names = "--source", paramLabel = "DIR", description = "The checkout holding conf.java (default: found).")
    Path source;

    @Override
    public Integer call() throws Exception {
        Path src = source != null ? source : findSource();
        if (!Files.isRegularFile(src.resolve("conf.java")) || !Files.isRegularFile(src.resolve("jbang"))) {
            throw new ConfException.InvalidInput(src + " is not a conf checkout (no conf.java and jbang there);"
                    + " pass --source DIR");
        }
        Path target = (dir != null ? dir : Path.of(System.getProperty("user.home"), ".local", "bin")).resolve("conf");
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".conf", ".tmp");
        Files.writeString(tmp, LAUNCHER.replace("@SOURCE@", Shell.quote(src.toAbsolutePath().normalize().toString())));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        conf.err().println("conf: installed " + target + "; preparing its class-data archive (a few seconds, once)");
        conf.err().flush();
        Process warm = new ProcessBuilder(target.toString(), "--version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (warm.waitFor() != 0) {
            throw new ConfException("the installed launcher failed its first run; run " + target + " --version to see"
                    + " why");
        }
        String path = System.getenv().getOrDefault("PATH", "");
        boolean onPath = List.of(path.split(":")).contains(target.getParent().toString());
        conf.out().println(target + (onPath ? "" : "   (add " + target.getParent() + " to PATH)"));
        return ExitCode.OK;
    }

    /** The checkout: where ./jbang was run from (jbang tells its launcher), else the working folder. */
    private static Path findSource() {
        String launcher = System.getenv("JBANG_LAUNCH_CMD");
        if (launcher != null && Files.isRegularFile(Path.of(launcher).resolveSibling("conf.java"))) {
            return Path.of(launcher).getParent();
        }
        return Path.of("").toAbsolutePath();
    }

    static final String LAUNCHER = """
            #!/usr/bin/env bash
            # conf launcher, written by `conf install`. It starts the JVM directly with an AppCDS archive of conf's
            # classes. It rebuilds when the sources in the checkout change, and retrains the archive when they or the
            # JDK change. Remove it and the folder ${XDG_CACHE_HOME:-~/.cache}/conf-launcher to uninstall.
            src=@SOURCE@
            cache="${XDG_CACHE_HOME:-$HOME/.cache}/conf-launcher"
            cpfile="$cache/classpath"
            java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
            # JVM messages (CDS included) go to stderr: stdout carries only conf's output
            opts=(-XX:+UseSerialGC -Xshare:auto "-Xlog:all=warning:stderr" "-Xlog:cds=off" "-Xlog:cds+dynamic=off")
            case " $* " in
              *" watch "*|*" simulate "*) ;;                      # long runs: let C2 compile hot hook code
              *) opts+=(-XX:TieredStopAtLevel=1) ;;               # one-shot commands: start fast
            esac

            refresh() {
              mkdir -p "$cache" || exit 1
              echo "conf: building from $src (once after each change) ..." >&2
              "$src/jbang" build "$src/conf.java" >&2 || { echo "conf: build failed" >&2; exit 1; }
              "$src/jbang" info classpath "$src/conf.java" 2>/dev/null > "$cpfile.tmp.$$" && [ -s "$cpfile.tmp.$$" ] \\
                || { echo "conf: jbang did not give a classpath" >&2; exit 1; }
              mv -f "$cpfile.tmp.$$" "$cpfile"
              rm -f "$cache"/conf-*.jsa
            }

            if [ ! -s "$cpfile" ] || [ -n "$(find "$src/conf.java" "$src/lib" -newer "$cpfile" -name '*.java' -print -quit 2>/dev/null)" ]; then
              refresh
            fi
            cp=$(<"$cpfile")
            javabin=$(command -v "$java") || { echo "conf: no java on PATH (install a JDK 17+ or set JAVA_HOME)" >&2; exit 1; }
            key=$(stat -L -c '%n%Y%s' "$javabin" "$cpfile" | cksum | cut -d' ' -f1)
            jsa="$cache/conf-$key.jsa"
            if [ ! -f "$jsa" ]; then
              # train the archive on a run that loads what commands use (client, output, hooks, the simulator)
              "$java" "${opts[@]}" -XX:ArchiveClassesAtExit="$jsa.tmp.$$" -cp "$cp" conftool.cli.ConfCommand \\
                demo --filter m.mute -o json >/dev/null 2>&1 && mv -f "$jsa.tmp.$$" "$jsa" || rm -f "$jsa.tmp.$$"
            fi
            if [ -f "$jsa" ]; then
              opts+=(-XX:SharedArchiveFile="$jsa")
            fi
            exec "$java" "${opts[@]}" -cp "$cp" conftool.cli.ConfCommand "$@"
            """;
}
