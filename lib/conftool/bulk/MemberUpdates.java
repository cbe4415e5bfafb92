package conftool.bulk;

import conftool.client.ConfException;
import conftool.client.ConferenceClient;
import conftool.client.RateGate;
import conftool.model.ConferenceMember;
import conftool.model.MemberUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One update applied to many members of a conference, a few at a time, each request paced by the client's gate. A
 * member already in the state asked for (as listed) gets no request; a failed update fails that member only.
 *
 * <p>{@link #stop()} (from a signal handler) lets the requests in flight finish and sends no other, even one waiting
 * for its turn at the gate: a PUT that may have reached the API is never abandoned half-way, and what was not sent
 * says so.
 */
public final class MemberUpdates implements AutoCloseable {

    private final ConferenceClient client;
    private final RateGate gate;
    private final String conferenceId;
    private final MemberUpdate update;
    private final String action;
    private final ExecutorService pool;
    private volatile boolean stopping;

    /**
     * @param gate        the gate {@code client} was built with: {@link #stop()} stops it
     * @param concurrency updates in flight at once
     */
    public MemberUpdates(ConferenceClient client, RateGate gate, String conferenceId, MemberUpdate update,
            int concurrency) {
        if (update == null || update.isEmpty()) {
            throw new ConfException.InvalidInput("nothing to change: give --mute, --unmute, --hold, --unhold,"
                    + " --coach or --no-coach");
        }
        this.client = client;
        this.gate = gate;
        this.conferenceId = conferenceId;
        this.update = update;
        this.action = describe(update);
        this.pool = Executors.newFixedThreadPool(Math.max(1, concurrency), r -> {
            Thread t = new Thread(r, "conf-member-update");
            t.setDaemon(true);
            return t;
        });
    }

    /** What the update asks, as a person reads it: {@code mute}, {@code unmute, hold}, {@code coach c-1 c-2}. */
    static String describe(MemberUpdate u) {
        List<String> parts = new ArrayList<>();
        if (u.mute() != null) {
            parts.add(u.mute() ? "mute" : "unmute");
        }
        if (u.hold() != null) {
            parts.add(u.hold() ? "hold" : "unhold");
        }
        if (u.callIdsToCoach() != null) {
            parts.add(u.callIdsToCoach().isEmpty() ? "no-coach" : "coach " + String.join(" ", u.callIdsToCoach()));
        }
        return String.join(", ", parts);
    }

    /** Whether the member, as listed, is already what the update asks. */
    boolean already(ConferenceMember m) {
        return (update.mute() == null || update.mute().equals(m.mute()))
                && (update.hold() == null || update.hold().equals(m.hold()))
                && (update.callIdsToCoach() == null || Objects.equals(update.callIdsToCoach(), m.coaching()));
    }

    /**
     * Updates {@code members}; {@code absent} are call ids asked for that the conference does not have (each a
     * failed line, nothing sent). Returns one result per member, in the order given, the absent ones last.
     *
     * @param dryRun send nothing: say what would be sent
     */
    public List<MemberResult> run(List<ConferenceMember> members, List<String> absent, boolean dryRun) {
        List<Future<MemberResult>> pending = new ArrayList<>();
        for (ConferenceMember m : members) {
            if (already(m)) {
                pending.add(java.util.concurrent.CompletableFuture.completedFuture(
                        new MemberResult(m.callId(), action, MemberResult.UNCHANGED, null)));
            } else if (dryRun) {
                pending.add(java.util.concurrent.CompletableFuture.completedFuture(
                        new MemberResult(m.callId(), action, MemberResult.DRY_RUN, null)));
            } else {
                pending.add(pool.submit(() -> send(m.callId())));
            }
        }
        List<MemberResult> results = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            results.add(await(pending.get(i), members.get(i).callId()));
        }
        for (String id : absent) {
            results.add(new MemberResult(id, action, MemberResult.FAILED, "not a member of " + conferenceId));
        }
        return results;
    }

    private MemberResult send(String callId) {
        if (stopping) {
            return new MemberResult(callId, action, MemberResult.NOT_SENT, "stopped before it was sent");
        }
        try {
            client.updateMember(conferenceId, callId, update);
            return new MemberResult(callId, action, MemberResult.DONE, null);
        } catch (RateGate.Stopped e) {
            // held at the gate when the stop came: never sent
            return new MemberResult(callId, action, MemberResult.NOT_SENT, e.getMessage());
        } catch (ConfException e) {
            // one member's failure is that member's line; the others go on
            return new MemberResult(callId, action, MemberResult.FAILED, e.getMessage());
        }
    }

    private MemberResult await(Future<MemberResult> f, String callId) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            return new MemberResult(callId, action, MemberResult.FAILED,
                    "interrupted: the update may or may not have been sent");
        } catch (CancellationException e) {
            return new MemberResult(callId, action, MemberResult.NOT_SENT, "stopped before it was sent");
        } catch (ExecutionException e) {
            // not a ConfException: a bug, reported as such by the command
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** Sends no more updates: those waiting at the gate give up at once, those in flight finish. Any thread. */
    public void stop() {
        stopping = true;
        gate.stop();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
