package conftool.notebook;

import conftool.client.ConferenceClient;
import conftool.client.Credentials;
import conftool.client.Profiles;
import conftool.model.Conference;
import conftool.model.ConferenceFilter;
import conftool.model.ConferenceMember;
import conftool.model.MemberUpdate;
import conftool.output.Views;
import conftool.sim.Simulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * conf from Java code: a notebook cell, JShell, or a program. Results are records ({@link Conference},
 * {@link ConferenceMember}) and {@link Table}s, plain lists that show as HTML tables under the JJava kernel and as
 * text tables elsewhere.
 *
 * <pre>
 * Conf conf = Conf.simulator();             // or Conf.connect(), Conf.profile("prod")
 * conf.conferences()
 * conf.members(conf.conferences().get(0).id())
 * conf.filter("m.mute").apply(conf.conference(id))
 * conf.watch(id).every(Duration.ofSeconds(1)).run(Duration.ofSeconds(5))
 * </pre>
 *
 * Failures are the command line's: {@code ConfException} subtypes whose message says what was wrong and what to do.
 */
public final class Conf implements AutoCloseable {

    static {
        JJavaDisplay.install();
    }

    private final ConferenceClient client;
    private final Simulator simulator;
    private final String origin;
    private final List<Watch> watches = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Conf(ConferenceClient client, Simulator simulator, String origin) {
        this.client = client;
        this.simulator = simulator;
        this.origin = origin;
    }

    /**
     * Starts a simulator of the Voice API in this JVM, on loopback, and connects to it: the conference of the API's
     * documentation ("myconf") and three living conferences whose members come, go, mute and hold on their own.
     */
    public static Conf simulator() {
        try {
            Simulator sim = Simulator.builder().livingConferences(3).seed(7).start();
            ConferenceClient client = ConferenceClient.builder()
                    .credentials(Credentials.clientCredentials(sim.clientId(), sim.clientSecret(), sim.tokenUrl(),
                            sim.accountId()))
                    .baseUrl(sim.baseUrl())
                    .build();
            return new Conf(client, sim, "the simulator at " + sim.baseUrl());
        } catch (IOException e) {
            throw new UncheckedIOException("the simulator could not start on loopback: " + e.getMessage(), e);
        }
    }

    /**
     * Connects as the command line does without options: {@code BW_CLIENT_ID}, {@code BW_CLIENT_SECRET} and
     * {@code BW_ACCOUNT_ID} from the environment (or the legacy {@code BW_USERNAME} and {@code BW_PASSWORD}), else the
     * {@code [default]} profile of {@code ~/.config/conf/config}. Tokens are renewed for as long as the notebook runs,
     * and shared with the command line through the token cache.
     */
    public static Conf connect() {
        return to(Profiles.fromEnvironment().resolve(null, null, null));
    }

    /** Connects with a named profile of the config file. */
    public static Conf profile(String name) {
        return to(Profiles.fromEnvironment().resolve(name, null, null));
    }

    static Conf to(Profiles.Target target) {
        ConferenceClient client = ConferenceClient.builder().target(target).build();
        return new Conf(client, null, "account " + client.account() + " at " + client.baseUrl());
    }

    /** The simulator this object started, to make things happen in a demo; null when connected to an account. */
    public Simulator sim() {
        return simulator;
    }

    public String account() {
        return client.account();
    }

    public String baseUrl() {
        return client.baseUrl();
    }

    /** Every conference of the account, all pages. */
    public Table<Conference> conferences() {
        return conferences(ConferenceFilter.all());
    }

    /** The conferences with exactly this name. */
    public Table<Conference> conferences(String name) {
        return conferences(new ConferenceFilter(name, null, null));
    }

    public Table<Conference> conferences(ConferenceFilter filter) {
        List<Conference> all = client.conferences(filter, null).toList();
        return new Table<>(Columns.count(all.size(), "conference"), Views.CONFERENCES_TABLE, all);
    }

    /** One conference with its active members. */
    public Conference conference(String conferenceId) {
        return client.conference(conferenceId);
    }

    /** The active members of a conference. */
    public Table<ConferenceMember> members(String conferenceId) {
        Conference c = client.conference(conferenceId);
        String name = c.name() == null ? c.id() : c.name();
        return new Table<>(Columns.count(c.members().size(), "member") + " of " + name, Columns.MEMBERS, c.members());
    }

    public ConferenceMember member(String conferenceId, String callId) {
        return client.member(conferenceId, callId);
    }

    /** Mutes or unmutes a member, then reads it back. */
    public ConferenceMember mute(String conferenceId, String callId, boolean mute) {
        client.updateMember(conferenceId, callId, new MemberUpdate(mute, null, null));
        return client.member(conferenceId, callId);
    }

    /** Puts a member on hold or takes it off, then reads it back. */
    public ConferenceMember hold(String conferenceId, String callId, boolean hold) {
        client.updateMember(conferenceId, callId, new MemberUpdate(null, hold, null));
        return client.member(conferenceId, callId);
    }

    /** Hooks from files, in order; add more with {@link Hooks#filter}, {@link Hooks#map}, {@link Hooks#module}. */
    public Hooks hooks(String... files) {
        return Hooks.none().file(files);
    }

    /** An inline filter over {@code m} and {@code c}, as {@code --filter} takes. */
    public Hooks filter(String expression) {
        return Hooks.none().filter(expression);
    }

    /** An inline map over {@code m} and {@code c}, as {@code --map} takes. */
    public Hooks map(String expression) {
        return Hooks.none().map(expression);
    }

    /** A watch of these conferences; with none, of every conference of the account. */
    public Watch watch(String... conferenceIds) {
        Watch w = new Watch(client, List.of(conferenceIds));
        watches.add(w);
        return w;
    }

    /** HTML for a result, for front ends other than JJava: {@code display(Conf.html(x), "text/html")}. */
    public static String html(Object result) {
        String html = Html.of(result);
        return html != null ? html : Html.escape(String.valueOf(result));
    }

    /** Stops the watches started from this object, and the simulator, if this object started one. */
    @Override
    public void close() {
        watches.forEach(Watch::stop);
        if (simulator != null) {
            simulator.close();
        }
    }

    @Override
    public String toString() {
        return "conf connected to " + origin;
    }
}
