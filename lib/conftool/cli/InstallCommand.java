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
 * archive when they or the JDK change; JVM messages go to stderr, never stdout. It runs only the JDK and rebuilds
 * only with the jbang it was installed with, and keeps what it runs (classpath, archives, GraalJS's native library)
 * in a cache folder that is the user's own, mode 0700, refusing any other.
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
                .replace("@JBANG@", jbangCommand(src, conf.env()))
                .replace("@AOT@", aot ? "1" : "0")
                .replace("@KEY@", Integer.toHexString((src.toAbsolutePath().normalize() + "|" + jdk.java()).hashCode()))
                .replace("@EXTRA@", extra)
                .replace("@WATCH_NO_HOOKS@", String.join(" ", conftool.watch.Watcher.JVM_OPTIONS_WITHOUT_HOOKS))
                .replace("@WATCH@", String.join(" ", conftool.watch.Watcher.JVM_OPTIONS)));
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

    /**
     * The jbang the launcher rebuilds with, as words for a shell: the one the checkout's {@code ./jbang} runs now (the
     * first other {@code jbang} on PATH, resolved), else {@code ./jbang}'s own bootstrap, with its folder fixed. The
     * launcher then never picks up another jbang from the PATH of the moment it runs.
     */
    static String jbangCommand(Path src, java.util.Map<String, String> env) throws IOException {
        Path wrapper = src.resolve("jbang").toRealPath();
        String bootstrap = env.get("CONF_JBANG_BOOTSTRAP");
        if (bootstrap == null || bootstrap.isEmpty()) {
            for (String dir : env.getOrDefault("PATH", "").split(":")) {
                Path candidate = dir.isEmpty() ? null : Path.of(dir, "jbang");
                if (candidate != null && Files.isExecutable(candidate) && !Files.isDirectory(candidate)
                        && !candidate.toRealPath().equals(wrapper)) {
                    return Shell.quote(candidate.toRealPath().toString());
                }
            }
        }
        String home = env.get("CONF_JBANG_HOME");
        if (home == null || home.isEmpty()) {
            String xdg = env.get("XDG_CACHE_HOME");
            home = (xdg != null && !xdg.isEmpty() ? Path.of(xdg)
                    : Path.of(System.getProperty("user.home"), ".cache")).resolve("conf-jbang").toString();
        }
        return "env CONF_JBANG_BOOTSTRAP=1 " + Shell.quote("CONF_JBANG_HOME=" + Path.of(home).toAbsolutePath())
                + " " + Shell.quote(wrapper.toString());
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
            java=@JAVA@                 # the JDK it was installed with: it runs no other
            jbang=(@JBANG@)             # the jbang it was installed with: it rebuilds with no other
            aot=@AOT@
            base="${XDG_CACHE_HOME:-$HOME/.cache}"
            cache="$base/conf-launcher/@KEY@"   # one per checkout and JDK
            cpfile="$cache/classpath"

            # A failure of the launcher itself: a monitoring check must still answer UNKNOWN (3), with a status line.
            fail() {
              echo "conf: $1" >&2
              if [[ " ${args[*]} " == *" check "* ]]; then echo "CONF UNKNOWN - conf launcher: $1"; exit 3; fi
              exit 1
            }
            args=("$@")
            [ -x "$java" ] || fail "$java, the JDK conf was installed with, is gone: install conf again with the JDK you want (cd $src && ./jbang conf.java install --java JAVA)"

            # conf runs the classpath and the archives kept in $cache, so it trusts them only in folders of the user's
            # own that nobody else can write: then nobody else can have made a file there or swapped the folder. The
            # folder above may be shared only when sticky (as /tmp is). One stat for the three; the trailing slash
            # follows a link for $base alone. Folders an older launcher made readable by others are closed (0700).
            refuse() {
              fail "refusing the cache folder $1: $2. conf runs code kept there; use a folder only you can write (chmod 700, or set XDG_CACHE_HOME)"
            }
            trust() {
              local d info i
              for d in "$base" "$base/conf-launcher" "$cache"; do
                [ -e "$d" ] || [ -L "$d" ] || mkdir -m 700 "$d" 2>/dev/null || fail "cannot create $d"
              done
              info=$(stat -c '%u %a %F' -- "$base/" "$base/conf-launcher" "$cache" 2>&1) || fail "cannot inspect $cache: $info"
              mapfile -t info <<< "$info"
              i=0
              for d in "$base" "$base/conf-launcher" "$cache"; do
                set -- ${info[i]}
                i=$((i + 1))
                local uid=$1 mode=$2
                shift 2
                [ "$*" = directory ] || refuse "$d" "it is a $*, not a folder"
                if [ "$d" = "$base" ]; then
                  [ "$uid" = "$EUID" ] || [ "$uid" = 0 ] || refuse "$d" "it belongs to user $uid"
                  (( (8#$mode & 8#022) == 0 || (8#$mode & 8#1000) != 0 )) || refuse "$d" "others can write it (mode $mode)"
                else
                  [ "$uid" = "$EUID" ] || refuse "$d" "it belongs to user $uid, not to you ($EUID)"
                  (( (8#$mode & 8#022) == 0 )) || refuse "$d" "others can write it (mode $mode)"
                  [ "$mode" = 700 ] || chmod 700 "$d" || refuse "$d" "cannot make it 0700"
                fi
              done
            }
            trust
            # and it uses only files it made: no link, nobody else's
            mine() { [ -f "$1" ] && [ ! -L "$1" ] && [ -O "$1" ]; }
            # a lock or temporary file is never written through a link
            nolink() { [ ! -L "$1" ] || fail "$1 is a symbolic link; conf writes no file through one: remove it"; }

            # JVM messages go to stderr: stdout carries only conf's output (-Xlog:disable drops the JVM's default
            # stdout output, which -Xlog:all=warning:stderr alone keeps). GraalJS unpacks its native library into
            # the same trusted folder, not into the shared $base/org.graalvm.polyglot. conf.launcher tells conf it
            # runs with this launcher's archives, not jbang's (cli/JbangArchive).
            opts=(-XX:+UseSerialGC -XX:-UsePerfData -Xlog:disable "-Xlog:all=warning:stderr" "-Xlog:cds*=off:stderr"
                  "-Dpolyglot.engine.userResourceCache=$cache/polyglot" -Dconf.launcher=true @EXTRA@)
            [ "$aot" = 1 ] && opts+=("-Xlog:aot*=off:stderr")
            case " $* " in
              *" watch "*)
                 # a heap sized for polling (Watcher.JVM_OPTIONS); without hooks C1 only, as C2's compiling costs
                 # a watch more than it saves; with hooks C2 compiles the hot hook code
                 opts+=(@WATCH@)
                 case " $* " in *" --hook"*|*" --filter"*) ;; *) opts+=(@WATCH_NO_HOOKS@) ;; esac ;;
              *" simulate "*|*" listen "*) ;;                     # long runs: let C2 compile hot hook code
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
              mine "$cpfile" || fail "$cpfile is not a file conf made (a link, or another user's): remove it"
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
              local tmp
              nolink "$cache/.lock"
              exec 8>>"$cache/.lock"
              flock 8
              if [ "${1:-}" = force ] || stale; then
                echo "conf: building from $src (once after each change) ..." >&2
                "${jbang[@]}" build "$src/conf.java" >&2 \\
                  || fail "the build of $src/conf.java failed: see the messages above (when the sources are fine, the jbang cache may be damaged: $src/jbang build --fresh conf.java)"
                tmp=$(mktemp "$cache/classpath.XXXXXX") || fail "cannot write into $cache"
                "${jbang[@]}" info classpath "$src/conf.java" 2>/dev/null > "$tmp" && [ -s "$tmp" ] \\
                  || { rm -f "$tmp"; fail "jbang did not give conf's classpath"; }
                mv -f "$tmp" "$cpfile"
                rm -f "$cache"/conf-*
              fi
              exec 8>&-
              cp=$(<"$cpfile")
            }

            # Trains archive $2 on conf get runs of kind $1 (plain, hooks or all) against a simulator, once: one
            # training at a time, and a failed one is not retried before the next build or JDK.
            train() {
              local out pid tmp
              nolink "$cache/.train.lock"
              exec 9>>"$cache/.train.lock"
              flock -n 9 || { exec 9>&-; return 1; }
              # the JVM writes the archive (and files beside it) into a folder made for this training alone
              tmp=$(mktemp -d "$cache/training.XXXXXX") || { exec 9>&-; return 1; }
              if [ "$aot" = 1 ]; then out=(-XX:AOTCacheOutput="$tmp/archive"); else out=(-XX:ArchiveClassesAtExit="$tmp/archive"); fi
              local runs="with and without hooks"
              case $1 in plain) runs="without hooks" ;; hooks) runs="with hooks" ;; esac
              echo "conf: training its class-data archive for runs $runs (a few seconds, once) ..." >&2
              "$java" "${opts[@]}" "${out[@]}" -cp "$cp" conftool.cli.TrainingRun "$1" >/dev/null 2>&1 &
              pid=$!
              trap 'kill $pid 2>/dev/null; rm -rf "$tmp"; exit 130' INT TERM
              if wait $pid && [ -s "$tmp/archive" ]; then
                mv -f "$tmp/archive" "$2"
                rm -f "$2.failed"
              else
                rm -f "$2.failed"; : > "$2.failed"
                echo "conf: training failed; conf runs without the archive until the next build (conf --train retries)" >&2
              fi
              trap - INT TERM
              rm -rf "$tmp"
              exec 9>&-
            }
            # An archive (or a failed try) counts while it is newer than the JDK, the build and conf's own jar (which
            # another launcher of this checkout may have rebuilt): the JVM refuses an archive of an older jar.
            fresh() { mine "$1" && [[ ! "$java" -nt "$1" && ! "$cpfile" -nt "$1" && ! "${cp%%:*}" -nt "$1" ]]; }

            if [ "${1:-}" = "--train" ]; then
              refresh force
              rm -rf "$cache"/conf-*.aot "$cache"/conf.jsa "$cache"/*.failed "$cache"/training.*
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
              # get, check and demo evaluate --filter and --map in Java when they can: the archive without GraalJS
              # serves those. One with a call, arithmetic, ?. or ?? (guessed from its characters: a wrong guess costs
              # time, never a result) runs in GraalJS, as a hook file does, and as every hook of other commands.
              kind=plain
              inline=
              case " $* " in *" get "*|*" check "*|*" demo "*) inline=1 ;; esac
              graaljs='[^][A-Za-z0-9_$.(){}!&|=<>?:,"'"'"'[:space:]\\-]|[]A-Za-z0-9_$)][[:space:]]*\\(|\\?[.?]|=>'
              prev=
              for a in "$@"; do
                case $prev in --filter|--map) [[ -z $inline || $a =~ $graaljs ]] && kind=hooks ;; esac
                case $a in
                  --hook|--hook=*) kind=hooks ;;
                  --filter=*|--map=*) [[ -z $inline || ${a#*=} =~ $graaljs ]] && kind=hooks ;;
                esac
                prev=$a
              done
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
