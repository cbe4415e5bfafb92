package conftool.cli;

import conftool.alerts.StreamSink;
import conftool.bulk.MemberResult;
import conftool.bulk.MemberUpdates;
import conftool.client.ConfException;
import conftool.client.ConferenceClient;
import conftool.client.Ids;
import conftool.client.RateGate;
import conftool.model.Conference;
import conftool.model.ConferenceMember;
import conftool.model.MemberUpdate;
import conftool.output.OutputFormat;
import conftool.output.Printer;
import conftool.output.Views;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "member", mixinStandardHelpOptions = true,
        description = {"Show one member of a conference, or change it: mute, hold, coaching; or change many at once.",
                "Only the settings given change. One member is shown as the API has it afterwards. Many members"
                        + " (--all, --filter/--hook, or several CALL_IDs) are listed once, then updated a few at a"
                        + " time within --rate, one line each; a member already so is left alone. Exit "
                        + ExitCode.MEMBERS_FAILED + " when any of them failed (the others are still done).",
                "Examples:", "  conf member CONF CALL --mute", "  conf member CONF CALL --unhold --coach c-1,c-2",
                "  conf member CONF --all --mute", "  conf member CONF --filter 'm.hold' --unhold --dry-run"})
final class MemberCommand implements Callable<Integer> {

    /**
     * Bulk updates a second by default. Bandwidth documents no request limit for member updates (its 5 a second is
     * for creating calls) but declares 429 + Retry-After on them, which the client honours for every thread at once;
     * 20 lets a usual conference go in one burst and keeps a big one at a pace no API should mind.
     */
    static final String RATE = "20";
    private static final String CHOOSE = "choose the members: --all, --filter EXPR or CALL_IDs";
    /** Updates in flight at once: more would only queue at the gate or at the API. */
    static final int CONCURRENCY = 8;

    @ParentCommand
    ConfCommand conf;

    @Parameters(index = "0", paramLabel = "CONFERENCE_ID")
    String conferenceId;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "CALL_ID",
            description = "The members' call ids (c-…); one is shown after the change, several are updated in bulk.")
    List<String> callIds = new ArrayList<>();

    @Option(names = "--all", description = "Every member of the conference (with an action: --mute, --hold, …).")
    boolean all;

    @Option(names = "--dry-run", description = "List the members and say what would be done to each; change nothing.")
    boolean dryRun;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = RATE,
            description = "In bulk: at most this many API requests in any second, the list included"
                    + " (default: ${DEFAULT-VALUE}; 429 Retry-After is always honoured).")
    double rate;

    @Mixin
    HookOptions hooks;

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
        if (all || hooks.any() || callIds.size() > 1 || dryRun) {
            return bulk(update);
        }
        if (callIds.isEmpty()) {
            throw new ConfException.InvalidInput(CHOOSE + " (e.g. conf member " + conferenceId + " --all --mute)");
        }
        String callId = callIds.get(0);
        var client = conf.client();
        if (!update.isEmpty()) {
            client.updateMember(conferenceId, callId, update);
        }
        ConferenceMember m = client.member(conferenceId, callId);
        conf.printer().one(m, wide -> Views.member(conf.out(), m), Views.MEMBERS, List.of(m));
        return ExitCode.OK;
    }

    /** Many members: one list, then the updates, one line each. */
    private int bulk(MemberUpdate update) {
        check(update);
        Printer printer = conf.printer();
        RateGate gate = new RateGate(rate, (int) Math.max(1, Math.min(rate, 1000)), Clock.systemUTC());
        ConferenceClient client = conf.clientBuilder().gate(gate).build();
        List<ConferenceMember> chosen;
        List<String> absent = new ArrayList<>();
        int hookCode = ExitCode.OK;
        if (hooks.any()) {
            // the filters of get, on the same list: what `conf get CONF --filter …` shows is what is changed
            HookedGet.Outcome o = HookedGet.run(hooks, null,
                    new StreamSink(conf.err(), printer.format() == OutputFormat.NDJSON), conf,
                    () -> client.conference(conferenceId), null);
            chosen = o.kept().members();
            hookCode = o.exitCode();
        } else {
            Conference c = client.conference(conferenceId);
            if (all) {
                chosen = c.members();
            } else {
                Map<String, ConferenceMember> byId = new LinkedHashMap<>();
                c.members().forEach(m -> byId.put(m.callId(), m));
                chosen = new ArrayList<>();
                for (String id : callIds.stream().distinct().toList()) {
                    if (byId.containsKey(id)) {
                        chosen.add(byId.get(id));
                    } else {
                        absent.add(id);
                    }
                }
            }
        }
        List<MemberResult> results;
        try (MemberUpdates updates = new MemberUpdates(client, gate, conferenceId, update, CONCURRENCY)) {
            // Ctrl-C or SIGTERM: the updates in flight finish, no other is sent, every member still gets its line
            List<Runnable> restore = Signals.onStop(updates::stop);
            try {
                results = updates.run(chosen, absent, dryRun);
            } finally {
                restore.forEach(Runnable::run);
            }
        }
        printer.list(results.stream(), Views.MEMBER_RESULTS);
        long missed = results.stream().filter(MemberResult::missed).count();
        if (missed > 0) {
            conf.err().println("conf: exit " + ExitCode.MEMBERS_FAILED + ": " + Views.count(missed, "member")
                    + " of " + results.size() + " not updated (see their error)");
            conf.err().flush();
            return ExitCode.MEMBERS_FAILED;
        }
        return hookCode;
    }

    /** Refuses a bulk command line that says too little or two things at once, before anything is sent. */
    private void check(MemberUpdate update) {
        hooks.check();
        Ids.check("conference id", conferenceId);
        callIds.forEach(id -> Ids.check("call id", id));
        if (all && !callIds.isEmpty()) {
            throw new ConfException.InvalidInput("--all chooses every member: give either --all or CALL_IDs");
        }
        if (hooks.any() && (all || !callIds.isEmpty())) {
            throw new ConfException.InvalidInput("--filter and --hook choose among all the members: give them"
                    + " without --all and without CALL_IDs");
        }
        if (!hooks.maps.isEmpty()) {
            throw new ConfException.InvalidInput("--map does not apply to member: it changes members, it prints"
                    + " one line per member; use --filter to choose them");
        }
        if (!all && !hooks.any() && callIds.isEmpty()) {
            throw new ConfException.InvalidInput(CHOOSE);
        }
        if (update.isEmpty()) {
            throw new ConfException.InvalidInput("say what to do to the members: --mute, --unmute, --hold,"
                    + " --unhold, --coach or --no-coach");
        }
        if (!(rate > 0)) {
            throw new ConfException.InvalidInput("--rate must be more than 0 (requests a second), not " + rate);
        }
    }
}
