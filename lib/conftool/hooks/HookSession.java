package conftool.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import conftool.client.ApiJson;
import conftool.model.Alert;
import conftool.model.Conference;
import conftool.model.Durations;
import conftool.output.Inert;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * Runs hooks (version 1 of the hook contract) over conferences, in one sandboxed GraalJS context.
 *
 * <p>For each member, every hook's {@code filter} runs in the order the hooks were given, then every hook's
 * {@code map} in that order, each getting what the previous one returned; then every hook's
 * {@code alert(conference, ctx)} runs once with the whole conference as fetched. Hooks see plain JavaScript values
 * with the API's field names. Each hook is an ES module, parsed once; {@code ctx.state} lives as long as the session.
 *
 * <p>The sandbox is GraalJS's {@code CONSTRAINED} policy with no I/O: no Java classes, files, network, processes or
 * threads. Every call is time-bounded and memory-bounded; a call that goes over is interrupted and the session stays
 * usable.
 */
public final class HookSession implements AutoCloseable {

    /** What a hook failure does to the rest of the run. */
    public enum OnError { FAIL, SKIP }

    /**
     * Settings of a session. {@code timeout} is the default per call; {@code forcedTimeout} beats options.timeout;
     * {@code timeoutSetting} is how the caller's user sets it, for the message of a call stopped at its limit.
     */
    public record Settings(Duration timeout, Duration forcedTimeout, OnError onError, long memoryBudgetBytes,
            String timeoutSetting) {

        /** Settings for the command line, whose users set the limit with {@code --hook-timeout}. */
        public Settings(Duration timeout, Duration forcedTimeout, OnError onError, long memoryBudgetBytes) {
            this(timeout, forcedTimeout, onError, memoryBudgetBytes, "--hook-timeout");
        }

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(1), null, OnError.FAIL, 512L * 1024 * 1024);
        }
    }

    /**
     * What the hooks made of one conference.
     *
     * @param kept     indexes of the members every filter kept, in order
     * @param mapped   the JSON of what the maps made of each kept member, or null when no hook maps
     * @param alerts   the alerts raised
     * @param failures the hook failures skipped over (only with {@link OnError#SKIP})
     */
    public record Outcome(List<Integer> kept, List<String> mapped, List<Alert> alerts, List<HookFailure> failures) {
    }

    private static final Set<String> KNOWN_EXPORTS = Set.of("options", "filter", "map", "alert", "onEvent");
    private static final String MODULE = "application/javascript+module";

    /**
     * The JavaScript side of the contract: wraps each hook function, checks what it returns, and keeps the builtins
     * it relies on from before any hook ran, so a hook that replaces JSON.stringify cannot fool it.
     */
    private static final String DRIVER = """
            (function () {
              'use strict';
              const parse = JSON.parse, stringify = JSON.stringify, isArray = Array.isArray, entries = Object.entries;
              const describe = (v) => v === undefined ? 'nothing' : v === null ? 'null' : isArray(v) ? 'an array' : typeof v === 'object'
                  ? 'the object ' + String(stringify(v)).slice(0, 80) : typeof v === 'string' ? stringify(v) : typeof v + ' ' + String(v);
              const synchronous = (what, r) => {
                if (r !== null && (typeof r === 'object' || typeof r === 'function') && typeof r.then === 'function') {
                  throw new TypeError(what + ' returned a Promise: hook functions must be synchronous (drop async/await)');
                }
                return r;
              };
              const checkValue = (r) => {
                synchronous('map', r);
                if (r === undefined) throw new TypeError('map returned undefined; it must return a JSON value (a missing return?)');
                const t = typeof r;
                if (t === 'function' || t === 'symbol' || t === 'bigint') throw new TypeError('map returned a ' + t + '; it must return a JSON value');
                return r;
              };
              // labels keep their JSON type when flat; operators only, since a hook may replace Number.isFinite
              const scalar = (v) => v === null || typeof v === 'string' || typeof v === 'boolean'
                  || (typeof v === 'number' && v === v && v !== Infinity && v !== -Infinity);
              const optionalString = (a, k) => {
                if (a[k] !== undefined && a[k] !== null && typeof a[k] !== 'string') throw new TypeError('alert ' + k + ' must be a string, not ' + describe(a[k]));
                return a[k] ?? null;
              };
              const normalize = (r) => {
                synchronous('alert', r);
                if (r === undefined || r === null || r === false) return '[]';
                const list = isArray(r) ? r : [r];
                return stringify(list.map((a) => {
                  if (a === null || typeof a !== 'object' || isArray(a)) throw new TypeError('alert returned ' + describe(a) + '; an alert is an object {level, message, key?, callId?, labels?}');
                  if (!['info', 'warning', 'critical'].includes(a.level)) throw new TypeError('alert level ' + describe(a.level) + ' is not "info", "warning" or "critical"');
                  if (typeof a.message !== 'string' || a.message === '') throw new TypeError('an alert needs a non-empty message string, not ' + describe(a.message));
                  if (a.labels !== undefined && a.labels !== null && (typeof a.labels !== 'object' || isArray(a.labels))) throw new TypeError('alert labels must be an object, not ' + describe(a.labels));
                  const labels = {};
                  for (const [k, v] of entries(a.labels ?? {})) labels[k] = scalar(v) ? v : String(stringify(v));
                  if (a.for !== undefined && a.for !== null && typeof a.for !== 'string' && typeof a.for !== 'number') throw new TypeError('alert for must be a duration such as "5m", or milliseconds, not ' + describe(a.for));
                  return { level: a.level, message: a.message, key: optionalString(a, 'key'), callId: optionalString(a, 'callId'), labels, for: a.for ?? null };
                }));
              };
              return {
                parse: (json) => parse(json),
                stringify: (v) => { const s = stringify(v); if (s === undefined) throw new TypeError('map returned a value JSON cannot hold'); return s; },
                context: () => ({ state: {}, now: null }),
                options: (o) => {
                  if (o === undefined || o === null) return [null, null];
                  if (typeof o !== 'object' || isArray(o)) throw new TypeError('`export const options` must be an object, not ' + describe(o));
                  const plain = (v) => v === undefined || v === null ? null : typeof v === 'string' || typeof v === 'number' ? v : false;
                  return [plain(o.name), plain(o.timeout)];
                },
                filter: (f) => (m, c) => !!synchronous('filter', f(m, c)),
                map: (f) => (m, c) => checkValue(f(m, c)),
                alert: (f, ctx) => (c, now) => { ctx.now = now; return normalize(f(c, ctx)); },
                onEvent: (f, ctx) => (e, now) => { ctx.now = now; return normalize(f(e, ctx)); },
                getState: (ctx) => stringify(ctx.state),
                setState: (ctx, json) => { ctx.state = parse(json); },
              };
            })()
            """;

    /**
     * Objects and arrays in console output as JSON, as a hook author expects from Node ({@code console.log(m)}),
     * rather than GraalJS's {@code [object Object]}. Set up only for hooks whose text mentions console or print: it
     * costs a one-shot run a few milliseconds, and a filter or map that does not print needs none of it.
     */
    private static final String CONSOLE = """
            (function () {
              'use strict';
              const stringify = JSON.stringify;
              // a line break inside what a hook prints stays in its line (Java escapes every other control)
              const show = (v) => {
                // split and join, not a RegExp: its engine costs a first call
                if (typeof v === 'string') return v.includes('\\n') || v.includes('\\r')
                    ? v.split('\\r').join('\\\\r').split('\\n').join('\\\\n') : v;
                if (v === null || typeof v !== 'object') return v;
                try { return stringify(v); } catch (e) { return String(v); }
              };
              const wrap = (target, k) => {
                const f = target[k];
                if (typeof f === 'function') target[k] = function (...args) { return f.apply(target, args.map(show)); };
              };
              for (const k of ['log', 'info', 'debug', 'trace', 'warn', 'error']) wrap(console, k);
              wrap(globalThis, 'print');
              wrap(globalThis, 'printErr');
            })()
            """;

    /** A loaded hook: its wrapped functions (null where not exported) and where they are defined. */
    private record Loaded(HookSpec spec, String name, Duration timeout, Value filter, Value map, Value alert,
            Value onEvent, Value ctx, Map<String, SourceSection> locations) {
    }

    private final List<HookSpec> specs;
    private final PrintWriter console;
    private final WriterStream out;
    private final Settings settings;
    private final boolean anyFilter;
    private final boolean anyMap;
    /** The context and what lives in it: replaced as a whole when the hooks keep too much ({@link #reset}). */
    private Context context;
    private Watchdog watchdog;
    private Value driver;
    private Value parse;
    private Value stringify;
    private List<Loaded> hooks;
    /** Counts the contexts: values parsed in an earlier one must be parsed again in the new one. */
    private int epoch;

    private HookSession(List<HookSpec> specs, Settings settings, PrintWriter console) {
        this.settings = settings;
        this.specs = List.copyOf(specs);
        this.console = console;
        this.out = new WriterStream(console);
        start();
        this.anyFilter = hooks.stream().anyMatch(h -> h.filter() != null);
        this.anyMap = hooks.stream().anyMatch(h -> h.map() != null);
    }

    /** Makes the context and the driver, and loads every hook in it. */
    private void start() {
        this.context = Context.newBuilder("js")
                .engine(HookEngine.get())
                .sandbox(SandboxPolicy.CONSTRAINED)
                .allowIO(IOAccess.NONE)
                .out(out)
                .err(out)
                .option("js.esm-eval-returns-exports", "true")
                .build();
        // a new context after a reset measures against the process as it was before any hook: the old context may
        // still be reachable from the call that was stopped, so the heap now says nothing
        this.watchdog = new Watchdog(context, settings.memoryBudgetBytes(), watchdog == null ? -1 : watchdog.start());
        // reloading after a reset: memory is watched again once the hooks are back (see reset)
        watchdog.watchMemory(epoch == 0);
        this.driver = context.eval(Source.create("js", DRIVER));
        if (specs.stream().anyMatch(spec -> spec.source().contains("console") || spec.source().contains("print"))) {
            context.eval(Source.create("js", CONSOLE));
        }
        this.parse = driver.getMember("parse");
        this.stringify = driver.getMember("stringify");
        Set<String> names = new java.util.HashSet<>();
        List<Loaded> loaded = new ArrayList<>();
        for (HookSpec spec : specs) {
            // the load-time warnings were given the first time
            Loaded h = load(spec, epoch == 0 ? console : new PrintWriter(java.io.Writer.nullWriter()));
            if (!names.add(h.name())) {
                // two hooks named alike would be indistinguishable in messages and alert keys
                h = new Loaded(h.spec(), h.name() + "#" + (loaded.size() + 1), h.timeout(), h.filter(), h.map(),
                        h.alert(), h.onEvent(), h.ctx(), h.locations());
            }
            loaded.add(h);
        }
        this.hooks = loaded;
    }

    /**
     * What hooks keep between calls (globals, {@code ctx.state}) lives in the context, beyond any one call: once the
     * hooks hold more than the budget, during a call or after it, the context is dropped, which frees it, and the
     * hooks are loaded afresh in a new one. The others keep their {@code ctx.state}; the hook whose call was the last
     * straw loses its own.
     */
    private HookFailure reset(HookSpec spec, String name, String function, String callId) {
        long budget = watchdog.budget();
        // until the caller drops what it parsed in the old context, the heap still holds it: no memory checks, or
        // saving the others' state and loading the hooks again would be stopped in turn
        watchdog.watchMemory(false);
        Map<String, String> keep = new LinkedHashMap<>();
        for (Loaded h : hooks) {
            if (!h.name().equals(name)) {
                try {
                    Value v = guarded(h.spec(), h.name(), h.timeout(), null, null, h.locations(),
                            () -> driver.getMember("getState").execute(h.ctx()));
                    if (v.isString()) {
                        keep.put(h.name(), v.asString());
                    }
                } catch (HookFailure f) {
                    // a state that cannot be saved cannot be carried over either: it starts afresh too
                }
            }
        }
        closeContext();
        epoch++;
        start();
        restoreState(keep);
        watchdog.watchMemory(true);
        return new HookFailure(name, spec.origin(), function, callId, "the hooks held more than "
                + budget / (1024 * 1024) + " MB of memory (what this call made, globals and ctx.state) and were"
                + " stopped; they were loaded afresh, and this hook lost its ctx.state");
    }

    /**
     * Loads the hooks, in order. Throws a {@link HookFailure} when one does not load (syntax error, a throw or a
     * timeout at the top level, an export of the wrong kind), whatever {@link OnError} says.
     *
     * @param console where the hooks' {@code console} output goes (stderr), each line prefixed with the hook's name
     */
    public static HookSession open(List<HookSpec> specs, Settings settings, PrintWriter console) {
        HookSession session = null;
        try {
            session = new HookSession(specs, settings, console);
            return session;
        } catch (RuntimeException e) {
            if (session != null) {
                session.close();
            }
            throw e;
        }
    }

    /** The hooks' names, in order, as messages and alerts give them. */
    public List<String> names() {
        return hooks.stream().map(Loaded::name).toList();
    }

    public boolean filters() {
        return anyFilter;
    }

    /** True when a hook maps members, so the output is what the maps made rather than the members. */
    public boolean maps() {
        return anyMap;
    }

    private Loaded load(HookSpec spec, PrintWriter console) {
        Source.Builder builder = Source.newBuilder("js", spec.source(), spec.inline() ? spec.name() : spec.origin());
        Source source = (spec.inline() ? builder : builder.mimeType(MODULE)).buildLiteral();
        Duration limit = settings.forcedTimeout() != null ? settings.forcedTimeout() : settings.timeout();
        Value exports = guarded(spec, spec.name(), limit, null, null, Map.of(), () -> context.eval(source));
        // options may be a getter or a Proxy that never returns: read it under the watchdog, in JavaScript, which
        // gives [name, timeout] as strings, numbers or nulls (false for anything else)
        Value options = guarded(spec, spec.name(), limit, null, null, Map.of(),
                () -> driver.getMember("options").execute(exports.getMember("options")));
        String name = spec.name();
        Duration timeout = limit;
        Object n = plain(options.getArrayElement(0));
        Object t = plain(options.getArrayElement(1));
        if (n != null) {
            if (!(n instanceof String text) || text.isBlank()) {
                throw new HookFailure(spec.name(), spec.origin(), null, null, "options.name must be a non-empty string");
            }
            // the name prefixes console lines and messages: a hook must not forge those with it
            name = Inert.text(text);
        }
        if (t != null && settings.forcedTimeout() == null) {
            timeout = timeout(spec, t);
        }
        Map<String, SourceSection> locations = new LinkedHashMap<>();
        Value filter = function(spec, exports, "filter", locations);
        Value map = function(spec, exports, "map", locations);
        Value alert = function(spec, exports, "alert", locations);
        Value onEvent = function(spec, exports, "onEvent", locations);
        Value ctx = driver.getMember("context").execute();
        for (String key : exports.getMemberKeys()) {
            if (!KNOWN_EXPORTS.contains(key)) {
                console.println("conf: warning: hook " + name + " exports '" + Inert.text(key)
                        + "', which conf does not call (it calls the named exports filter, map, alert and onEvent)");
            }
        }
        if (filter == null && map == null && alert == null && onEvent == null) {
            console.println("conf: warning: hook " + name + " exports none of filter, map, alert, onEvent: it does"
                    + " nothing");
        }
        return new Loaded(spec, name,
                timeout,
                filter == null ? null : driver.getMember("filter").execute(filter),
                map == null ? null : driver.getMember("map").execute(map),
                alert == null ? null : driver.getMember("alert").execute(alert, ctx),
                onEvent == null ? null : driver.getMember("onEvent").execute(onEvent, ctx),
                ctx, locations);
    }

    /** An option's value, as the driver gave it: a String, a Double, null, or false when it was neither. */
    private static Object plain(Value v) {
        return v.isNull() ? null : v.isString() ? v.asString() : v.isNumber() ? (Object) v.asDouble() : Boolean.FALSE;
    }

    private static Duration timeout(HookSpec spec, Object t) {
        return duration(spec, "options.timeout", t, false);
    }

    private static Duration duration(HookSpec spec, String what, Object t, boolean zeroAllowed) {
        Duration d;
        try {
            d = t instanceof Number ms ? Duration.ofMillis(ms.longValue()) : t instanceof String text ? Durations.parse(text)
                    : null;
        } catch (IllegalArgumentException e) {
            d = null;
        }
        if (d == null || d.isNegative() || (d.isZero() && !zeroAllowed)) {
            throw new HookFailure(spec.name(), spec.origin(), null, null,
                    what + " must be a duration such as \"500ms\", \"2s\" or \"5m\", or a number of milliseconds");
        }
        return d;
    }

    private static Value function(HookSpec spec, Value exports, String name, Map<String, SourceSection> locations) {
        Value f = exports.getMember(name);
        if (f == null || f.isNull()) {
            return null;
        }
        if (!f.canExecute()) {
            throw new HookFailure(spec.name(), spec.origin(), null, null,
                    "export '" + name + "' must be a function, not " + f);
        }
        if (f.getSourceLocation() != null) {
            locations.put(name, f.getSourceLocation());
        }
        return f;
    }

    /**
     * Runs the hooks over one conference.
     *
     * @param conference the conference as fetched
     * @param apiJson    the same conference as the API's JSON
     * @param now        the time hooks see as {@code ctx.now}
     */
    public Outcome apply(Conference conference, String apiJson, Instant now) {
        List<Integer> kept = new ArrayList<>();
        List<String> mapped = anyMap ? new ArrayList<>() : null;
        List<HookFailure> failures = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        if (anyFilter || anyMap) {
            int parsedIn = epoch;
            Value c = parse.execute(apiJson);
            List<Value> all = members(c);
            long size = all.size();
            members:
            for (int i = 0; i < size; i++) {
                if (parsedIn != epoch) {
                    // the context was reset (the hooks kept too much): what was parsed in the old one is gone
                    parsedIn = epoch;
                    c = parse.execute(apiJson);
                    all = members(c);
                }
                Value m = all.get(i);
                String callId = i < conference.members().size() ? conference.members().get(i).callId() : null;
                try {
                    for (int j = 0; j < hooks.size(); j++) {
                        Loaded h = hooks.get(j);
                        if (h.filter() != null && !call(h, "filter", callId, h.filter(), m, c).asBoolean()) {
                            continue members;
                        }
                    }
                    if (anyMap) {
                        Value v = m;
                        Loaded last = null;
                        for (int j = 0; j < hooks.size(); j++) {
                            Loaded h = hooks.get(j);
                            if (h.map() != null) {
                                v = call(h, "map", callId, h.map(), v, c);
                                last = h;
                            }
                        }
                        Value value = v;
                        mapped.add(guarded(last.spec(), last.name(), last.timeout(), "map", callId, last.locations(),
                                () -> stringify.execute(value)).asString());
                    }
                    kept.add(i);
                } catch (HookFailure f) {
                    if (settings.onError() == OnError.FAIL) {
                        throw f;
                    }
                    failures.add(f);
                }
            }
        } else {
            for (int i = 0; i < conference.members().size(); i++) {
                kept.add(i);
            }
        }
        alerts.addAll(alerts(conference, apiJson, now, failures));
        return new Outcome(kept, mapped, alerts, failures);
    }

    /** The members of a parsed conference, taken before any hook runs: a hook may change c.activeMembers. */
    private static List<Value> members(Value c) {
        Value members = c.getMember("activeMembers");
        long size = members == null || !members.hasArrayElements() ? 0 : members.getArraySize();
        List<Value> all = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            all.add(members.getArrayElement(i));
        }
        return all;
    }

    /**
     * Runs every hook's {@code alert(conference, ctx)} once, with the whole conference. Failures go to
     * {@code failures} with {@link OnError#SKIP}, and are thrown with {@link OnError#FAIL}.
     */
    public List<Alert> alerts(Conference conference, String apiJson, Instant now, List<HookFailure> failures) {
        return raise("alert", Loaded::alert, apiJson, conference.id(), null, now, failures);
    }

    public boolean handlesEvents() {
        return hooks.stream().anyMatch(h -> h.onEvent() != null);
    }

    /** Runs every hook's {@code onEvent(event, ctx)} with the event's JSON; returns the alerts they raised. */
    public List<Alert> onEvent(String conferenceId, String eventJson, String callId, Instant now,
            List<HookFailure> failures) {
        return raise("onEvent", Loaded::onEvent, eventJson, conferenceId, callId, now, failures);
    }

    /** Calls one alert-raising function of every hook that has it, with {@code json} parsed once for all. */
    private List<Alert> raise(String function, Function<Loaded, Value> pick, String json, String conferenceId,
            String callId, Instant now, List<HookFailure> failures) {
        List<Alert> alerts = new ArrayList<>();
        String nowIso = now.toString();
        Value arg = null;
        int parsedIn = epoch;
        for (int j = 0; j < hooks.size(); j++) {
            Loaded h = hooks.get(j);
            Value f = pick.apply(h);
            if (f == null) {
                continue;
            }
            if (arg == null || parsedIn != epoch) {
                parsedIn = epoch;
                arg = parse.execute(json);
            }
            try {
                Value a = arg;
                Value result = guarded(h.spec(), h.name(), h.timeout(), function, callId, h.locations(),
                        () -> f.execute(a, nowIso));
                if (!result.isString()) {
                    // JSON.stringify gives undefined when a prototype's toJSON says so
                    throw unreadable(h, function, String.valueOf(result), "no JSON at all");
                }
                String raised = result.asString();
                alerts.addAll(alerts(h, function, conferenceId, raised, now));
            } catch (HookFailure failure) {
                if (settings.onError() == OnError.FAIL) {
                    throw failure;
                }
                failures.add(failure);
            }
        }
        return alerts;
    }

    /**
     * Whether every hook's {@code filter} keeps this member (JSON) of this conference (JSON). With
     * {@link OnError#SKIP} a failing filter is recorded in {@code failures} and the member is kept, so that no
     * event is lost to a broken hook.
     */
    public boolean keeps(String memberJson, String conferenceJson, String callId, List<HookFailure> failures) {
        if (!anyFilter) {
            return true;
        }
        int parsedIn = epoch;
        Value m = parse.execute(memberJson);
        Value c = parse.execute(conferenceJson);
        for (int j = 0; j < hooks.size(); j++) {
            Loaded h = hooks.get(j);
            if (parsedIn != epoch) {
                parsedIn = epoch;
                m = parse.execute(memberJson);
                c = parse.execute(conferenceJson);
            }
            try {
                if (h.filter() != null && !call(h, "filter", callId, h.filter(), m, c).asBoolean()) {
                    return false;
                }
            } catch (HookFailure f) {
                if (settings.onError() == OnError.FAIL) {
                    throw f;
                }
                failures.add(f);
            }
        }
        return true;
    }

    /**
     * The alerts the driver handed back, checked again field by field: a hook that changes a prototype's
     * {@code toJSON} decides what {@code JSON.stringify} writes, whatever the driver checked before.
     */
    private List<Alert> alerts(Loaded h, String function, String conferenceId, String raised, Instant now) {
        JsonNode list;
        try {
            list = ApiJson.mapper().readTree(raised);
        } catch (IOException e) {
            list = null;
        }
        if (list == null || !list.isArray()) {
            throw unreadable(h, function, raised, "not a list of alerts");
        }
        List<Alert> out = new ArrayList<>();
        for (JsonNode a : list) {
            if (!a.isObject()) {
                throw unreadable(h, function, raised, "an alert that is not an object");
            }
            String level = text(a, "level");
            if (level == null || !(level.equals("info") || level.equals("warning") || level.equals("critical"))) {
                throw unreadable(h, function, raised, "a level that is not info, warning or critical");
            }
            String message = text(a, "message");
            if (message == null || message.isEmpty()) {
                throw unreadable(h, function, raised, "a message that is not a non-empty string");
            }
            String callId = optionalText(h, function, raised, a, "callId");
            String explicitKey = optionalText(h, function, raised, a, "key");
            JsonNode labelsNode = a.get("labels");
            Map<String, Object> labels = new LinkedHashMap<>();
            if (labelsNode != null && !labelsNode.isNull()) {
                if (!labelsNode.isObject()) {
                    throw unreadable(h, function, raised, "labels that are not an object");
                }
                // flat labels keep their JSON type (the driver wrote nested ones as their JSON text)
                for (Map.Entry<String, JsonNode> e : labelsNode.properties()) {
                    JsonNode v = e.getValue();
                    labels.put(e.getKey(), v.isTextual() ? v.asText() : v.isNumber() ? v.numberValue()
                            : v.isBoolean() ? (Object) v.booleanValue() : v.isNull() ? null : v.toString());
                }
            }
            JsonNode forNode = a.get("for");
            Object pendingFor = forNode == null || forNode.isNull() ? null : forNode.isTextual() ? forNode.asText()
                    : forNode.isNumber() ? (Object) forNode.asDouble() : null;
            if (forNode != null && !forNode.isNull() && pendingFor == null) {
                throw unreadable(h, function, raised, "a for that is not a duration");
            }
            String key = explicitKey != null ? explicitKey
                    : h.name() + ":" + conferenceId + (callId == null ? "" : ":" + callId) + ":" + message;
            Duration pending = pendingFor == null ? null : duration(h.spec(), "alert for", pendingFor, true);
            out.add(new Alert(level, message, key, callId, java.util.Collections.unmodifiableMap(labels), h.name(),
                    conferenceId, now, pending, Alert.FIRING));
        }
        return out;
    }

    private static String text(JsonNode a, String field) {
        JsonNode v = a.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static String optionalText(Loaded h, String function, String raised, JsonNode a, String field) {
        JsonNode v = a.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw unreadable(h, function, raised, "a " + field + " that is not a string");
        }
        return v.asText();
    }

    private static HookFailure unreadable(Loaded h, String function, String raised, String what) {
        return new HookFailure(h.name(), h.spec().origin(), function, null, "its alerts came back as " + what + " ("
                + (raised.length() > 80 ? raised.substring(0, 80) + "…" : raised)
                + "): does the hook change a prototype's toJSON?");
    }

    /** The state each hook keeps in {@code ctx.state}, as JSON, by hook name. */
    public Map<String, String> state() {
        Map<String, String> states = new LinkedHashMap<>();
        for (Loaded h : hooks) {
            try {
                Value v = guarded(h.spec(), h.name(), h.timeout(), null, null, h.locations(),
                        () -> driver.getMember("getState").execute(h.ctx()));
                if (v.isString()) {
                    states.put(h.name(), v.asString());
                }
            } catch (HookFailure f) {
                stateProblems.add(h.name() + ": ctx.state cannot be saved as JSON (" + f.getMessage() + ")");
            }
        }
        return states;
    }

    private final List<String> stateProblems = new ArrayList<>();

    /** Why some hooks' {@code ctx.state} could not be saved, since the last call; cleared by the call. */
    public List<String> takeStateProblems() {
        List<String> p = List.copyOf(stateProblems);
        stateProblems.clear();
        return p;
    }

    /** Restores {@code ctx.state} of the hooks named in {@code states}. */
    public void restoreState(Map<String, String> states) {
        for (Loaded h : hooks) {
            String s = states.get(h.name());
            if (s != null) {
                driver.getMember("setState").execute(h.ctx(), s);
            }
        }
    }

    /** The per-member path: like {@link #guarded} without a lambda per call. */
    private Value call(Loaded h, String function, String callId, Value f, Value a, Value b) {
        out.hook = h.name();
        watchdog.arm(h.timeout());
        Value result;
        try {
            result = f.execute(a, b);
        } catch (PolyglotException e) {
            Watchdog.Reason reason = watchdog.disarm();
            throw reason == Watchdog.Reason.MEMORY ? reset(h.spec(), h.name(), function, callId)
                    : kept(h.spec(), h.name(), function, callId,
                            failure(h.spec(), h.name(), h.timeout(), function, callId, h.locations(), e, reason));
        } finally {
            watchdog.disarm();
        }
        HookFailure kept = kept(h.spec(), h.name(), function, callId, null);
        if (kept != null) {
            throw kept;
        }
        return result;
    }

    /**
     * After a hook function's call: the failure of keeping too much when the hooks do ({@link #reset}), else
     * {@code otherwise}.
     */
    private HookFailure kept(HookSpec spec, String name, String function, String callId, HookFailure otherwise) {
        return watchdog.retainsTooMuch() ? reset(spec, name, function, callId) : otherwise;
    }

    private Value guarded(HookSpec spec, String name, Duration limit, String function, String callId,
            Map<String, SourceSection> locations, Supplier<Value> body) {
        out.hook = name;
        watchdog.arm(limit);
        Value result;
        try {
            result = body.get();
        } catch (PolyglotException e) {
            Watchdog.Reason reason = watchdog.disarm();
            HookFailure failure = failure(spec, name, limit, function, callId, locations, e, reason);
            // loading (no function) and saving state are not hook calls: a reset there would lose what it made
            throw function == null ? failure : reason == Watchdog.Reason.MEMORY ? reset(spec, name, function, callId)
                    : kept(spec, name, function, callId, failure);
        } finally {
            watchdog.disarm();
        }
        HookFailure kept = function == null ? null : kept(spec, name, function, callId, null);
        if (kept != null) {
            throw kept;
        }
        return result;
    }

    private HookFailure failure(HookSpec spec, String name, Duration limit, String function, String callId,
            Map<String, SourceSection> locations, PolyglotException e, Watchdog.Reason reason) {
        SourceSection at = location(spec, e);
        if (at == null && function != null) {
            at = locations.get(function);
        }
        String where = where(spec, at);
        String why;
        if (e.isInterrupted() || e.isCancelled()) {
            why = reason == Watchdog.Reason.MEMORY
                    ? "used more than " + watchdog.budget() / (1024 * 1024)
                            + " MB of memory in one call and was stopped"
                    : "still running after " + Durations.format(limit) + " and was stopped (an endless loop?). A"
                            + " longer limit: " + settings.timeoutSetting() + ", or options.timeout in the hook";
        } else if (e.isResourceExhausted()) {
            why = "ran out of resources: " + firstLine(e.getMessage());
        } else if (e.isHostException() || e.isInternalError()) {
            why = "internal error: " + e.getMessage();
        } else {
            // GraalJS puts its own "name:line:col" in syntax errors; conf says where, in the user's terms, above.
            why = firstLine(e.getMessage()).replaceFirst("^(SyntaxError: )\\S+:\\d+:\\d+ ", "$1");
            if (spec.inline() && e.isSyntaxError()) {
                // conf wraps the expression in a function: an error past its end is the expression ending too early
                // (what GraalJS "found" there is conf's text, not the user's)
                if (at != null && at.getStartLine() > spec.prefixLines() + 1) {
                    String expected = why.replaceFirst(" but found .*$", "");
                    why = expected.equals("SyntaxError: Expected ;") ? "SyntaxError: an unmatched closing bracket"
                            : expected + " at the end of the expression";
                }
                why += " (" + spec.name() + " takes one JavaScript expression over m and c, such as m.mute && !m.hold;"
                        + " statements such as if, while or let belong in a hook file)";
            } else {
                why += hint(e.getMessage());
            }
        }
        return new HookFailure(name, where, function, callId, why);
    }

    private static SourceSection location(HookSpec spec, PolyglotException e) {
        String sourceName = spec.inline() ? spec.name() : spec.origin();
        SourceSection loc = e.getSourceLocation();
        if (loc != null && loc.getSource().getName().equals(sourceName)) {
            return loc;
        }
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            SourceSection s = frame.getSourceLocation();
            if (frame.isGuestFrame() && s != null && s.getSource().getName().equals(sourceName)) {
                return s;
            }
        }
        return null;
    }

    private static String where(HookSpec spec, SourceSection at) {
        if (spec.inline()) {
            return at == null || at.getStartLine() != spec.prefixLines() + 1 ? "expression " + quote(spec.origin())
                    : "expression " + quote(spec.origin()) + ", column " + at.getStartColumn();
        }
        return at == null ? spec.origin() : spec.origin() + ":" + at.getStartLine() + ":" + at.getStartColumn();
    }

    private static String quote(String s) {
        return "'" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "'";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "failed";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** What a sandbox refusal means, in the words of someone writing a hook. */
    static String hint(String message) {
        if (message == null) {
            return "";
        }
        if (message.contains("Java is not defined") || message.contains("java is not defined")
                || message.contains("host class")
                || message.contains("Polyglot is not defined") || message.contains("Packages is not defined")) {
            return " (hooks run sandboxed: Java classes and other languages are not available)";
        }
        if (message.contains("require is not defined")) {
            return " (hooks are single-file ES modules: require() and other files are not available)";
        }
        if (message.contains("Operation is not allowed for")) {
            return " (hooks may not read files or import other modules: a hook is one self-contained file)";
        }
        if (message.contains("fetch is not defined") || message.contains("XMLHttpRequest is not defined")
                || message.contains("WebSocket is not defined")) {
            return " (hooks have no network access)";
        }
        if (message.contains("Worker is not defined") || message.contains("setTimeout is not defined")
                || message.contains("setInterval is not defined")) {
            return " (hooks cannot start threads or timers: each call must return its answer)";
        }
        return "";
    }

    @Override
    public void close() {
        closeContext();
    }

    private void closeContext() {
        watchdog.close();
        try {
            context.close(true);
        } catch (RuntimeException ignored) {
            // closing a context that is already gone
        }
    }

    /**
     * The hooks' console (and print), one line at a time, each prefixed with the name of the hook that wrote it. The
     * prefix is added here rather than by wrapping console in JavaScript: a hook cannot get around it, and the
     * wrappers cost a one-shot run more than the rest of its hook. What a hook prints is made {@link Inert}: a line
     * it writes is one line on stderr, and cannot move the cursor or pass for one of conf's own.
     */
    private static final class WriterStream extends OutputStream {
        private final PrintWriter target;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        private static final int MAX_LINE = 64 * 1024;
        /** The hook running now; set before each call into JavaScript. */
        volatile String hook = "hook";

        WriterStream(PrintWriter target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                emit(true);
            } else {
                line.write(b);
                if (line.size() >= MAX_LINE) {
                    // a line without end must not grow conf's heap: it goes out in pieces, each a line of its own
                    emit(true);
                }
            }
        }

        @Override
        public synchronized void flush() {
            if (line.size() > 0) {
                emit(false);
            }
        }

        private void emit(boolean newline) {
            String text = "[" + hook + "] " + Inert.text(line.toString(StandardCharsets.UTF_8));
            if (newline) {
                target.println(text);
            } else {
                target.print(text);
            }
            target.flush();
            line.reset();
        }
    }

}
