package conftool.cli;

import conftool.client.ConfException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    @Option(names = "--java", paramLabel = "JAVA", description = "The java to start conf with (default: the newest"
            + " JDK 17+ among JAVA_HOME, PATH and /usr/lib/jvm; JDK 25+ starts fastest).")
    Path java;

    @Override
    public Integer call() throws Exception {
        Path src = source != null ? source : findSource();
        if (!Files.isRegularFile(src.resolve("conf.java")) || !Files.isRegularFile(src.resolve("jbang"))) {
            throw new ConfException.InvalidInput(src + " is not a conf checkout (no conf.java and jbang there);"
                    + " pass --source DIR");
        }
        Jdks.Jdk jdk = java != null
                ? Jdks.of(java).orElseThrow(() -> new ConfException.InvalidInput(java + " is not the java of a JDK"
                        + " whose release file names its version; pass the bin/java of a JDK 17 or later"))
                : Jdks.newest(conf.env()).orElseThrow(() -> new ConfException.InvalidInput("no JDK 17 or later found"
                        + " (JAVA_HOME, PATH, /usr/lib/jvm); install one, or pass --java"));
        if (jdk.feature() < 17) {
            throw new ConfException.InvalidInput(jdk.java() + " is Java " + jdk.feature() + "; conf needs 17 or later");
        }
        boolean aot = jdk.feature() >= 25;
        // JDK 24+ warns on stderr when Truffle (GraalJS) loads its native library and uses sun.misc.Unsafe
        String extra = jdk.feature() >= 24 ? "--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
                : "";
        Path target = (dir != null ? dir : Path.of(System.getProperty("user.home"), ".local", "bin")).resolve("conf");
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".conf", ".tmp");
        Files.writeString(tmp, LAUNCHER
                .replace("@SOURCE@", Shell.quote(src.toAbsolutePath().normalize().toString()))
                .replace("@JAVA@", Shell.quote(jdk.java().toString()))
                .replace("@AOT@", aot ? "1" : "0")
                .replace("@CHECKOUT@", Integer.toHexString(src.toAbsolutePath().normalize().toString().hashCode()))
                .replace("@EXTRA@", extra));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        conf.err().println("conf: installed " + target + " on Java " + jdk.feature() + " (" + jdk.java() + "), with "
                + (aot ? "AOT caches" : "an AppCDS archive") + "; training them (several seconds, once)");
        conf.err().flush();
        Process warm = new ProcessBuilder(target.toString(), "--train").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (warm.waitFor() != 0) {
            throw new ConfException("the installed launcher failed its first run; run " + target + " --train to see"
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
            # conf launcher, written by `conf install`. It starts the JVM directly with a class-data archive of conf's
            # classes: AOT caches on JDK 25+ (one for runs without hooks, one with GraalJS), an AppCDS archive before.
            # It rebuilds when the sources in the checkout change, and retrains the archives when they or the JDK
            # change; `conf --train` retrains now. Remove it and ${XDG_CACHE_HOME:-~/.cache}/conf-launcher to uninstall.
            src=@SOURCE@
            java=@JAVA@
            aot=@AOT@
            cache="${XDG_CACHE_HOME:-$HOME/.cache}/conf-launcher/@CHECKOUT@"   # one per checkout
            cpfile="$cache/classpath"
            if [ ! -x "$java" ]; then
              echo "conf: $java is gone; using java from PATH (run ./jbang conf.java install again)" >&2
              java=$(command -v java) || { echo "conf: no java on PATH (install a JDK 17+)" >&2; exit 1; }
              aot=0
            fi
            # JVM messages go to stderr: stdout carries only conf's output
            opts=(-XX:+UseSerialGC -XX:-UsePerfData "-Xlog:all=warning:stderr" "-Xlog:cds=off"
                  "-Xlog:cds+dynamic=off" @EXTRA@)
            [ "$aot" = 1 ] && opts+=("-Xlog:aot=off")
            case " $* " in
              *" watch "*|*" simulate "*|*" listen "*) ;;          # long runs: let C2 compile hot hook code
              *) opts+=(-XX:TieredStopAtLevel=1) ;;               # one-shot commands: start fast
            esac

            refresh() {
              mkdir -p "$cache" || exit 1
              echo "conf: building from $src (once after each change) ..." >&2
              "$src/jbang" build "$src/conf.java" >&2 || { echo "conf: build failed" >&2; exit 1; }
              "$src/jbang" info classpath "$src/conf.java" 2>/dev/null > "$cpfile.tmp.$$" && [ -s "$cpfile.tmp.$$" ] \\
                || { echo "conf: jbang did not give a classpath" >&2; exit 1; }
              mv -f "$cpfile.tmp.$$" "$cpfile"
              rm -f "$cache"/conf-*
            }

            # no process is started before the JVM: these checks are bash builtins
            shopt -s globstar nullglob
            stale=""
            if [ ! -s "$cpfile" ]; then
              stale=1
            else
              for f in "$src/conf.java" "$src"/lib/**/*.java; do
                if [[ "$f" -nt "$cpfile" ]]; then stale=1; break; fi
              done
            fi
            [ -z "$stale" ] || refresh
            cp=$(<"$cpfile")

            # train an archive ($2) on conf get runs of kind $1 (plain, hooks or all), against a simulator
            train() {
              local out
              if [ "$aot" = 1 ]; then out=(-XX:AOTCacheOutput="$2.tmp.$$"); else out=(-XX:ArchiveClassesAtExit="$2.tmp.$$"); fi
              "$java" "${opts[@]}" "${out[@]}" -cp "$cp" conftool.cli.TrainingRun "$1" >/dev/null 2>&1 \\
                && [ -s "$2.tmp.$$" ] && mv -f "$2.tmp.$$" "$2"
              rm -f "$2.tmp.$$"*
            }
            # an archive is good while it is newer than both the classpath and the JDK
            fresh() { [ -f "$1" ] && [[ ! "$java" -nt "$1" && ! "$cpfile" -nt "$1" ]]; }

            if [ "${1:-}" = "--train" ]; then
              rm -f "$cache"/conf-*.aot "$cache"/conf.jsa    # archives of another JDK must not stay
              if [ "$aot" = 1 ]; then
                train plain "$cache/conf-plain.aot"; train hooks "$cache/conf-hooks.aot"
                fresh "$cache/conf-plain.aot" && fresh "$cache/conf-hooks.aot"
              else
                train all "$cache/conf.jsa"; fresh "$cache/conf.jsa"
              fi
              exit
            fi

            if [ "$aot" = 1 ]; then
              kind=plain
              case " $* " in *" --hook"*|*" --filter"*|*" --map"*) kind=hooks ;; esac
              a="$cache/conf-$kind.aot"
            else
              kind=all
              a="$cache/conf.jsa"
            fi
            fresh "$a" || train "$kind" "$a"
            if fresh "$a"; then
              if [ "$aot" = 1 ]; then opts+=(-XX:AOTCache="$a"); else opts+=(-XX:SharedArchiveFile="$a"); fi
            fi
            exec "$java" "${opts[@]}" -cp "$cp" conftool.cli.ConfCommand "$@"
            """;

}
