package conftool.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import conftool.alerts.AlertSink;
import conftool.alerts.PendingAlerts;
import conftool.client.ApiJson;
import conftool.hooks.HookFailure;
import conftool.hooks.HookSession;
import conftool.hooks.HookSpec;
import conftool.model.Alert;
import conftool.model.Conference;
import conftool.model.ConferenceMember;
import conftool.output.Inert;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs the hooks a command was given over a conference and keeps count of what happened, for the exit code: the
 * bridge between the command line and {@link HookSession}. Only touched when hooks are given.
 */
final class HookRunner implements AutoCloseable {

    /** A conference after the hooks: its kept members, or what the maps made of them. */
    record Result(Conference conference, List<String> mapped, List<Alert> alerts) {
    }

    private final HookSession session;
    private final AlertSink sink;
    private final PrintWriter err;
    private final Alert.Level failOn;
    private boolean hookFailed;
    private boolean alertFired;

    /** @param failOn the level at which an alert makes the exit code 9, or null */
    HookRunner(HookOptions options, Alert.Level failOn, AlertSink sink, PrintWriter err) {
        this.sink = sink;
        this.err = err;
        options.check();
        this.failOn = failOn;
        List<HookSpec> specs = new ArrayList<>();
        options.files.forEach(f -> specs.add(HookSpec.file(f)));
        options.filters.forEach(e -> specs.add(HookSpec.filter(e)));
        options.maps.forEach(e -> specs.add(HookSpec.map(e)));
        HookSession.Settings defaults = HookSession.Settings.defaults();
        this.session = HookSession.open(specs, new HookSession.Settings(defaults.timeout(), options.timeout,
                options.onErrorMode(),
                defaults.memoryBudgetBytes()), err);
    }

    /**
     * Starts loading the hooks on another thread: starting GraalJS is a good part of a one-shot run, and overlaps the
     * request for the conference this way. {@link #await} hands the runner over; a context may move to another
     * thread as long as one thread uses it at a time.
     */
    static CompletableFuture<HookRunner> loadInBackground(HookOptions options, Alert.Level failOn, AlertSink sink,
            PrintWriter err) {
        CompletableFuture<HookRunner> loading = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                loading.complete(new HookRunner(options, failOn, sink, err));
            } catch (Throwable e) {
                loading.completeExceptionally(e);
            }
        }, "conf-hooks-load");
        t.setDaemon(true);
        t.start();
        return loading;
    }

    /** The loaded runner, or what stopped it from loading (a syntax error, a bad option). */
    static HookRunner await(CompletableFuture<HookRunner> loading) {
        try {
            return loading.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw e;
        }
    }

    /** Closes the runner once it has loaded, for a command that failed before it used it. */
    static void discard(CompletableFuture<HookRunner> loading) {
        loading.thenAccept(HookRunner::close);
    }

    boolean maps() {
        return session.maps();
    }

    boolean filters() {
        return session.filters();
    }

    /** The session itself, for commands that drive it per event (watch). */
    HookSession session() {
        return session;
    }

    Result apply(Conference c) {
        return apply(c, json(c));
    }

    /** The conference as the hooks get it: the API's JSON. */
    static String json(Conference c) {
        try {
            return ApiJson.mapper().writeValueAsString(c);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the hooks over {@code c}, whose JSON ({@link #json}) the caller may have written while they loaded. */
    Result apply(Conference c, String json) {
        return apply(c, json, new PendingAlerts());
    }

    /**
     * The same, judging alerts raised with {@code for} against {@code pending}'s memory of earlier runs: those whose
     * {@code for} has not elapsed are reported as pending and do not count for {@code --fail-on}.
     */
    Result apply(Conference c, String json, PendingAlerts pending) {
        Instant now = Instant.now();
        HookSession.Outcome o = session.apply(c, json, now);
        for (HookFailure f : o.failures()) {
            hookFailed = true;
            err.println("conf: " + Inert.text(f.getMessage()));
            err.flush();
        }
        List<ConferenceMember> kept = o.kept().stream().map(i -> c.members().get(i)).toList();
        Conference filtered = c.withMembers(kept);
        List<Alert> alerts = pending.judge(c.id(), session.names(), o.alerts(), now);
        for (Alert a : alerts) {
            sink.send(a);
            if (failOn != null && !a.isPending() && a.severity().compareTo(failOn) >= 0) {
                alertFired = true;
            }
        }
        return new Result(filtered, o.mapped(), alerts);
    }

    /** The exit code the hooks call for: 8 when a hook failed, 9 when an alert reached --fail-on, else 0. */
    int exitCode() {
        return hookFailed ? ExitCode.HOOK_FAILED : alertFired ? ExitCode.ALERT : ExitCode.OK;
    }

    @Override
    public void close() {
        sink.flush();
        session.close();
    }

}
