package conftool.cli;

import conftool.alerts.PendingAlerts;
import conftool.client.ConfException;
import conftool.model.Alert;
import conftool.model.Conference;
import conftool.model.ConferenceMember;
import conftool.model.Durations;
import conftool.output.Inert;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * A monitoring-plugin check (Nagios, Icinga, Sensu): one status line with performance data, the alerts as long
 * output, and the plugin exit codes 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check a conference like a Nagios/Icinga/Sensu plugin: hooks' alerts set the status.",
                "Prints one status line with performance data (members, muted, held, coaching, alerts) and",
                "exits 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (any failure, a hook's included).",
                "An alert raised with `for` is pending (listed, not the status) until it has been raised for",
                "that long: keep --state-file between runs for that to happen.",
                "Example: conf check CONF --hook scripts/member-count.js"})
final class CheckCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int WARNING = 1;
    static final int CRITICAL = 2;
    static final int UNKNOWN = 3;

    @ParentCommand
    ConfCommand conf;

    @Parameters(paramLabel = "CONFERENCE_ID")
    String conferenceId;

    @Mixin
    HookOptions hooks;

    @Option(names = "--state-file", paramLabel = "FILE",
            description = "Remembers between runs since when each alert has been raised, for alerts with `for`.")
    Path stateFile;

    @Override
    public Integer call() {
        PrintWriter out = conf.out();
        try {
            hooks.check();
            PendingAlerts pending = new PendingAlerts();
            if (stateFile != null) {
                pending = PendingAlerts.load(stateFile);
                conftool.alerts.StateFiles.checkWritable(stateFile);
            }
            // the alerts are the check's own output, below: no sink prints them
            HookedGet.Outcome o = HookedGet.run(hooks, null, alert -> { }, conf,
                    () -> conf.client().conference(conferenceId), pending);
            Conference c = o.fetched();
            Conference kept = o.filtered() ? o.kept() : null;
            List<Alert> alerts = o.alerts();
            int code = OK;
            if (o.exitCode() == ExitCode.HOOK_FAILED) {
                out.println("CONF UNKNOWN - a hook failed on " + oneLine(name(c)) + " (see stderr)" + perfdata(c, kept, alerts));
                return UNKNOWN;
            }
            if (stateFile != null) {
                pending.save(stateFile, Instant.now());
            }
            List<Alert> firing = alerts.stream().filter(a -> !a.isPending()).toList();
            long waiting = alerts.size() - firing.size();
            Alert worst = firing.stream().max(Comparator.comparing(Alert::severity)).orElse(null);
            if (worst != null && worst.severity() == Alert.Level.CRITICAL) {
                code = CRITICAL;
            } else if (worst != null && worst.severity() == Alert.Level.WARNING) {
                code = WARNING;
            }
            String summary = code == OK ? state(c, waiting) : worst.message() + more(firing);
            out.println("CONF " + status(code) + " - " + oneLine(summary) + perfdata(c, kept, alerts));
            for (Alert a : alerts) {
                // every line cleaned: a '|' on a later line would start more performance data
                out.println(oneLine(line(a)));
            }
            return code;
        } catch (ConfException e) {
            out.println("CONF UNKNOWN - " + oneLine(e.getMessage()));
            return UNKNOWN;
        } finally {
            out.flush();
        }
    }

    /** The summary when no alert fired: the conference's state. */
    private static String state(Conference c, long pending) {
        long muted = c.members().stream().filter(ConferenceMember::isMuted).count();
        long held = c.members().stream().filter(ConferenceMember::isHeld).count();
        return name(c) + (c.isCompleted() ? " completed" : "") + ": " + c.members().size() + " members, " + muted
                + " muted, " + held + " held"
                + (pending == 0 ? "" : "; " + pending + (pending == 1 ? " alert" : " alerts") + " pending");
    }

    /** How many more warnings and criticals fired than the one the summary names. */
    private static String more(List<Alert> firing) {
        long more = firing.stream().filter(a -> a.severity().compareTo(Alert.Level.WARNING) >= 0).count() - 1;
        return more > 0 ? " (+" + more + " more)" : "";
    }

    /** An alert of the long output: {@code PENDING CRITICAL: muted: c-1 muted (call c-1, fires once raised for 5m)}. */
    private static String line(Alert a) {
        List<String> notes = new ArrayList<>();
        if (a.callId() != null) {
            notes.add("call " + a.callId());
        }
        if (a.isPending()) {
            notes.add("fires once raised for " + Durations.format(a.pendingFor()));
        }
        return (a.isPending() ? "PENDING " : "") + a.level().toUpperCase(Locale.ROOT) + ": " + a.hook() + ": "
                + a.message() + (notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")");
    }

    private static String name(Conference c) {
        return c.name() == null ? c.id() : c.name();
    }

    private static String status(int code) {
        return switch (code) {
            case OK -> "OK";
            case WARNING -> "WARNING";
            case CRITICAL -> "CRITICAL";
            default -> "UNKNOWN";
        };
    }

    /** Plugin performance data: label=value;warn;crit;min;max, space-separated after a '|'; kept= with filters. */
    private String perfdata(Conference c, Conference kept, List<Alert> alerts) {
        List<ConferenceMember> m = c.members();
        StringBuilder p = new StringBuilder(" | members=").append(m.size()).append(";;;0;20")
                .append(" muted=").append(m.stream().filter(ConferenceMember::isMuted).count()).append(";;;0")
                .append(" held=").append(m.stream().filter(ConferenceMember::isHeld).count()).append(";;;0")
                .append(" coaching=").append(m.stream().filter(x -> !x.coaching().isEmpty()).count()).append(";;;0");
        if (kept != null) {
            p.append(" kept=").append(kept.members().size()).append(";;;0");
        }
        List<Alert> firing = alerts.stream().filter(a -> !a.isPending()).toList();
        p.append(" warnings=").append(firing.stream().filter(a -> a.severity() == Alert.Level.WARNING).count())
                .append(" criticals=").append(firing.stream().filter(a -> a.severity() == Alert.Level.CRITICAL).count())
                .append(" pending=").append(alerts.size() - firing.size());
        return p.toString();
    }

    /**
     * A plugin's line may not hold a '|' or a line break: they would corrupt the performance data. What it quotes
     * (names, messages, server text) shows its controls as escapes ({@link Inert}).
     */
    private static String oneLine(String s) {
        return Inert.text(s).replace('|', '/');
    }
}
