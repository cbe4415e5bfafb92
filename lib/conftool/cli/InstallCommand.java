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
        Path given = java != null && Files.isDirectory(java) ? java.resolve("bin").resolve("java") : java;
        Jdks.Jdk jdk = given != null
                ? Jdks.of(given).orElseThrow(() -> new ConfException.InvalidInput(given + " is not the java of a JDK"
                        + " whose release file names its version; pass the bin/java of a JDK 17 or later"))
                : Jdks.newest(conf.env()).orElseThrow(() -> new ConfException.InvalidInput("no JDK 17 or later found"
                        + " (JAVA_HOME, PATH, /usr/lib/jvm); install one, or pass --java"));
        if (jdk.feature() < 17) {
            throw new ConfException.InvalidInput(jdk.java() + " is Java " + jdk.feature() + "; conf needs 17 or later");
        }
        boolean aot = jdk.feature() >= 25;
        // JDK 24+ warns on stderr when Truffle (GraalJS) loads its native library and uses sun.misc.Unsafe. The
        // property form of the second option is also accepted by the JDK 17 a launcher falls back to.
        String extra = jdk.feature() >= 24 ? "--enable-native-access=ALL-UNNAMED -Dsun.misc.unsafe.memory.access=allow"
                : "";
        Path target = (dir != null ? dir : Path.of(System.getProperty("user.home"), ".local", "bin")).resolve("conf");
        Path tmp;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), ".conf", ".tmp");
        } catch (IOException e) {
            throw new ConfException.InvalidInput("cannot write the launcher into " + target.getParent() + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); choose another folder with --dir");
        }
        Files.writeString(tmp, LAUNCHER
                .replace("@SOURCE@", Shell.quote(src.toAbsolutePath().normalize().toString()))
                .replace("@JAVA@", Shell.quote(jdk.java().toString()))
                .replace("@AOT@", aot ? "1" : "0")
                .replace("@KEY@", Integer.toHexString((src.toAbsolutePath().normalize() + "|" + jdk.java()).hashCode()))
                .replace("@EXTRA@", extra));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        conf.err().println("conf: installed " + target + " on Java " + jdk.feature() + " (" + jdk.java() + "), with "
                + (aot ? "AOT caches; training them" : "an AppCDS archive; training it") + " (several seconds, once)");
        conf.err().flush();
        Process warm = new ProcessBuilder(target.toString(), "--train").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (warm.waitFor() != 0) {
            // the launcher still works, only without its archive: say so rather than fail the install
            conf.err().println("conf: warning: the launcher could not train its archives, so conf starts slower;"
                    + " run " + target + " --train to see why");
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
            # It rebuilds when a source in the checkout is newer than its build, and retrains the archives when the
            # build or the JDK changes. `conf --train` rebuilds (jbang keys builds by content) and retrains now,
            # e.g. after a deploy that keeps file times, such as rsync -a. Remove it and ${XDG_CACHE_HOME:-~/.cache}/conf-launcher to uninstall.
            src=@SOURCE@
            java=@JAVA@
            aot=@AOT@
            cache="${XDG_CACHE_HOME:-$HOME/.cache}/conf-launcher/@KEY@"   # one per checkout and JDK
            cpfile="$cache/classpath"

            # A failure of the launcher itself: a monitoring check must still answer UNKNOWN (3), with a status line.
            fail() {
              echo "conf: $1" >&2
              if [[ " ${args[*]} " == *" check "* ]]; then echo "CONF UNKNOWN - conf launcher: $1"; exit 3; fi
              exit 1
            }
            args=("$@")
            if [ ! -x "$java" ]; then
              echo "conf: $java is gone; using java from PATH (run ./jbang conf.java install again)" >&2
              java=$(command -v java) || fail "no java on PATH (install a JDK 17+)"
              aot=0
              cache="$cache-path-java"
              cpfile="$cache/classpath"
            fi
            # JVM messages go to stderr: stdout carries only conf's output
            opts=(-XX:+UseSerialGC -XX:-UsePerfData "-Xlog:all=warning:stderr" "-Xlog:cds=off"
                  "-Xlog:cds+dynamic=off" @EXTRA@)
            [ "$aot" = 1 ] && opts+=("-Xlog:aot=off")
            case " $* " in
              *" watch "*|*" simulate "*|*" listen "*) ;;          # long runs: let C2 compile hot hook code
              *) opts+=(-XX:TieredStopAtLevel=1)                  # one-shot commands: start fast
                 # JDK 18+ reflection spins a method handle per method on its first call (GraalJS reads its built-ins
                 # through reflection, Jackson builds records with it); the JNI path needs no set-up.
                 opts+=(-Djdk.reflect.useNativeAccessorOnly=true)
                 # An AOT cache also holds the training run's method profiles; replaying them has the JIT compile
                 # what was hot over several training runs, which costs a one-shot run more CPU than it saves.
                 [ "$aot" = 1 ] && opts+=(-XX:+IgnoreUnrecognizedVMOptions -XX:+UnlockDiagnosticVMOptions
                                          -XX:-AOTReplayTraining) ;;
            esac

            # Is the build older than a source, or gone? Bash builtins only: no process starts before the JVM.
            shopt -s globstar nullglob
            stale() {
              [ -s "$cpfile" ] || return 0
              local f
              for f in "$src/conf.java" "$src"/lib/**/*.java; do
                [[ "$f" -nt "$cpfile" ]] && return 0
              done
              cp=$(<"$cpfile")
              local IFS=:
              for f in $cp; do
                [ -f "$f" ] || return 0              # a jar removed, e.g. by jbang cache clear
              done
              return 1
            }

            # One build at a time: conf runs started together after a change (monitoring checks) wait for it.
            refresh() {
              mkdir -p "$cache" || fail "cannot create $cache"
              exec 8>"$cache/.lock"
              flock 8
              if [ "${1:-}" = force ] || stale; then
                echo "conf: building from $src (once after each change) ..." >&2
                "$src/jbang" build "$src/conf.java" >&2 \\
                  || fail "the build of $src/conf.java failed: see the messages above (when the sources are fine, the jbang cache may be damaged: $src/jbang build --fresh conf.java)"
                "$src/jbang" info classpath "$src/conf.java" 2>/dev/null > "$cpfile.tmp.$$" && [ -s "$cpfile.tmp.$$" ] \\
                  || { rm -f "$cpfile.tmp.$$"; fail "jbang did not give conf's classpath"; }
                mv -f "$cpfile.tmp.$$" "$cpfile"
                rm -f "$cache"/conf-* "$cache"/*.tmp.*
              fi
              exec 8>&-
              cp=$(<"$cpfile")
            }

            # Trains archive $2 on conf get runs of kind $1 (plain, hooks or all) against a simulator, once: one
            # training at a time, and a failed one is not retried before the next build or JDK.
            train() {
              local out pid
              mkdir -p "$cache" || return 1
              exec 9>"$cache/.train.lock"
              flock -n 9 || { exec 9>&-; return 1; }
              if [ "$aot" = 1 ]; then out=(-XX:AOTCacheOutput="$2.tmp.$$"); else out=(-XX:ArchiveClassesAtExit="$2.tmp.$$"); fi
              local runs="with and without hooks"
              case $1 in plain) runs="without hooks" ;; hooks) runs="with hooks" ;; esac
              echo "conf: training its class-data archive for runs $runs (a few seconds, once) ..." >&2
              "$java" "${opts[@]}" "${out[@]}" -cp "$cp" conftool.cli.TrainingRun "$1" >/dev/null 2>&1 &
              pid=$!
              trap 'kill $pid 2>/dev/null; rm -f "$2.tmp.$$"*; exit 130' INT TERM
              if wait $pid && [ -s "$2.tmp.$$" ]; then
                mv -f "$2.tmp.$$" "$2"
                rm -f "$2.failed"
              else
                : > "$2.failed"
                echo "conf: training failed; conf runs without the archive until the next build (conf --train retries)" >&2
              fi
              trap - INT TERM
              rm -f "$2.tmp.$$"*
              exec 9>&-
            }
            # An archive (or a failed try) counts while it is newer than the JDK, the build and conf's own jar (which
            # another launcher of this checkout may have rebuilt): the JVM refuses an archive of an older jar.
            fresh() { [ -f "$1" ] && [[ ! "$java" -nt "$1" && ! "$cpfile" -nt "$1" && ! "${cp%%:*}" -nt "$1" ]]; }

            if [ "${1:-}" = "--train" ]; then
              refresh force
              rm -f "$cache"/conf-*.aot "$cache"/conf.jsa "$cache"/*.failed
              if [ "$aot" = 1 ]; then
                train plain "$cache/conf-plain.aot"; train hooks "$cache/conf-hooks.aot"
                fresh "$cache/conf-plain.aot" && fresh "$cache/conf-hooks.aot" || fail "training failed"
              else
                train all "$cache/conf.jsa"; fresh "$cache/conf.jsa" || fail "training failed"
              fi
              echo "conf: trained $cache" >&2
              exit 0
            fi

            if stale; then refresh; fi
            if [ "$aot" = 1 ]; then
              kind=plain
              case " $* " in *" --hook"*|*" --filter"*|*" --map"*) kind=hooks ;; esac
              a="$cache/conf-$kind.aot"
            else
              kind=all
              a="$cache/conf.jsa"
            fi
            fresh "$a" || fresh "$a.failed" || train "$kind" "$a"
            if fresh "$a"; then
              if [ "$aot" = 1 ]; then opts+=(-XX:AOTCache="$a"); else opts+=(-XX:SharedArchiveFile="$a"); fi
            fi
            exec "$java" "${opts[@]}" -cp "$cp" conftool.cli.Main "$@"
            """;
}
