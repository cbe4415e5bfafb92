package conftool.notebook;

import com.fasterxml.jackson.core.JsonProcessingException;
import conftool.client.ApiJson;
import conftool.hooks.HookFailure;
import conftool.hooks.HookSession;
import conftool.hooks.HookSpec;
import conftool.model.Conference;
import conftool.model.ConferenceMember;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * JavaScript hooks from Java: the same files and inline expressions as {@code --hook}, {@code --filter} and
 * {@code --map}, in the same sandbox. Each method returns a new {@code Hooks} with one more hook; the GraalJS
 * context starts at the first {@link #apply} (about a second), and {@code ctx.state} lasts as long as this object.
 *
 * <pre>
 * Hooks quiet = conf.filter("m.mute && !m.hold").map("({call: m.callId, coaching: m.callIdsToCoach.length})");
 * quiet.apply(conf.conference(id))
 * </pre>
 */
public final class Hooks implements AutoCloseable {

    private final List<HookSpec> specs;
    private final HookSession.OnError onError;
    private final Duration timeout;
    private HookSession session;

    Hooks(List<HookSpec> specs, HookSession.OnError onError, Duration timeout) {
        this.specs = List.copyOf(specs);
        this.onError = onError;
        this.timeout = timeout;
    }

    static Hooks none() {
        return new Hooks(List.of(), HookSession.OnError.FAIL, null);
    }

    /** Adds hook files (JavaScript modules exporting filter, map, alert, onEvent, options). */
    public Hooks file(String... paths) {
        List<HookSpec> more = new ArrayList<>(specs);
        for (String p : paths) {
            more.add(HookSpec.file(Path.of(p)));
        }
        return new Hooks(more, onError, timeout);
    }

    /** Adds a filter over {@code m} (the member) and {@code c} (the conference), as {@code --filter} does. */
    public Hooks filter(String expression) {
        return with(HookSpec.filter(expression));
    }

    /** Adds a map over {@code m} and {@code c}, as {@code --map} does. */
    public Hooks map(String expression) {
        return with(HookSpec.map(expression));
    }

    /** Adds a hook written in the cell: the text of a module, such as {@code "export function alert(c) {…}"}. */
    public Hooks module(String name, String source) {
        return with(new HookSpec(name, name, source, 0));
    }

    /** Report hook failures in the result and go on with the next member, rather than fail the cell. */
    public Hooks skipFailures() {
        return new Hooks(specs, HookSession.OnError.SKIP, timeout);
    }

    /** The time each hook call may take (default 1 s, or the hook's {@code options.timeout}). */
    public Hooks timeout(Duration perCall) {
        return new Hooks(specs, onError, perCall);
    }

    public boolean isEmpty() {
        return specs.isEmpty();
    }

    /** The names of the hooks, in the order they run. */
    public List<String> names() {
        return specs.stream().map(HookSpec::name).toList();
    }

    private Hooks with(HookSpec spec) {
        List<HookSpec> more = new ArrayList<>(specs);
        more.add(spec);
        return new Hooks(more, onError, timeout);
    }

    /** The session, started on first use; its {@code ctx.state} carries over between calls. */
    synchronized HookSession session() {
        if (session == null) {
            HookSession.Settings d = HookSession.Settings.defaults();
            session = HookSession.open(specs, new HookSession.Settings(d.timeout(), timeout, onError,
                    d.memoryBudgetBytes(), "Hooks.timeout(Duration)"), new PrintWriter(new CurrentStderr(), true));
        }
        return session;
    }

    /** Runs filter and map over the conference's members, then alert over the conference. */
    public synchronized HookResult apply(Conference c) {
        String json;
        try {
            json = ApiJson.mapper().writeValueAsString(c);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HookSession.Outcome o = session().apply(c, json, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        List<ConferenceMember> kept = o.kept().stream().map(i -> c.members().get(i)).toList();
        Conference filtered = new Conference(c.id(), c.name(), c.createdTime(), c.completedTime(),
                c.conferenceEventUrl(), c.conferenceEventMethod(), c.tag(), c.activeMembers() == null ? null : kept);
        String label = c.name() == null ? c.id() : c.name();
        Table<Object> mapped = null;
        if (o.mapped() != null) {
            List<Object> values = new ArrayList<>();
            for (String s : o.mapped()) {
                try {
                    values.add(ApiJson.mapper().readValue(s, Object.class));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("a map hook returned what is not JSON: " + s, e);
                }
            }
            mapped = Table.ofValues(Columns.count(values.size(), "mapped member") + " of " + label, values);
        }
        return new HookResult(filtered,
                new Table<>(kept.size() + " of " + c.members().size() + " members of " + label + " kept",
                        Columns.MEMBERS, kept),
                mapped,
                new Table<>(Columns.count(o.alerts().size(), "alert"), Columns.ALERTS, o.alerts()),
                o.failures().stream().map(HookFailure::getMessage).toList());
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    @Override
    public String toString() {
        return specs.isEmpty() ? "no hooks" : "hooks " + String.join(", ", names());
    }
}
