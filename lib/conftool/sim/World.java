package conftool.sim;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The simulated account: its conferences, members and recordings, on the simulator's clock. Tests script it
 * directly (create, join, leave, mute, hold, coach, complete); {@link Life} moves the living conferences at random.
 * Every method holds the world's lock, so the HTTP side always sees a consistent state.
 */
public final class World {

    /** The conference of the documentation page the project started from, served as documented. */
    public static final String SEED_CONFERENCE_ID = "conf-04c62a3d-1cd6-4bb9-8c91-27ed04140964";
    public static final String SEED_MUTED_CALL_ID = "c-95ac8d8d-b81437f5-4586-4d5b-9b46-29f8b3fe0aaf";
    public static final String SEED_OTHER_CALL_ID = "c-2a91404e-5d0c965c-b235-4a8f-b33c-9fc4d2644365";

    private final Clock clock;
    private final Random random;
    private final Map<String, SimConference> conferences = new LinkedHashMap<>();
    private final Map<String, SimRecording> recordings = new LinkedHashMap<>();
    private volatile WebhookSender webhooks;

    void webhooks(WebhookSender sender) {
        this.webhooks = sender;
    }

    /** Tells the conference's event URL, if it has one the sender may reach, what just happened. */
    private void notify(SimConference c, String eventType, SimMember m) {
        WebhookSender sender = webhooks;
        if (sender == null || c.eventUrl == null) {
            return;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("eventType", eventType);
        fields.put("eventTime", SimJson.time(clock.instant()));
        fields.put("conferenceId", c.id);
        fields.put("name", c.name);
        if (m != null) {
            fields.put("from", m.from);
            fields.put("to", m.to);
            fields.put("callId", m.callId);
        }
        if (c.tag != null) {
            fields.put("tag", c.tag);
        }
        sender.send(c.eventUrl, c.eventMethod, c.eventUsername, c.eventPassword, fields);
    }

    /**
     * Creates an active conference whose webhooks go to {@code eventUrl} (POST JSON, or GET query), with Basic-auth
     * credentials when {@code username} is set. The simulator sends them only to loopback http URLs.
     */
    public synchronized String createConference(String name, String tag, String eventUrl, String eventMethod,
            String username, String password) {
        String id = newId("conf-");
        SimConference c = new SimConference(id, name, clock.instant(), eventUrl, eventMethod, tag, false);
        c.eventUsername = username;
        c.eventPassword = password;
        conferences.put(id, c);
        notify(c, "conferenceCreated", null);
        return id;
    }

    World(Clock clock, long seed) {
        this.clock = clock;
        this.random = new Random(seed);
    }

    public Clock clock() {
        return clock;
    }

    Random random() {
        return random;
    }

    /** Adds the seed page's conference, its two members (one coaching the other) and two recordings. */
    public synchronized void addSeedConference() {
        SimConference c = new SimConference(SEED_CONFERENCE_ID, "myconf", Instant.parse("2020-05-21T18:01:45.133Z"),
                "https://www.example.com", "POST", "testag", false);
        conferences.put(c.id, c);
        SimMember muted = new SimMember(SEED_MUTED_CALL_ID, "+19195550100", "+19195550199");
        muted.mute = true;
        muted.callIdsToCoach.add(SEED_OTHER_CALL_ID);
        c.members.put(muted.callId, muted);
        c.members.put(SEED_OTHER_CALL_ID, new SimMember(SEED_OTHER_CALL_ID, "+19195550101", "+19195550199"));
        Instant start = c.createdTime.plusSeconds(5);
        addRecording(new SimRecording("r-fbe05094-9fd2f762-b6b4-4c2a-9cb6-ffbd4ef1c45d", c.id, c.name, start,
                start.plusMillis(13_670), "wav", "complete", wav(Duration.ofMillis(13_670))));
        addRecording(new SimRecording("r-0b1f2a3c-4d5e6f70-8192-4a3b-9c4d-5e6f708192a3", c.id, c.name,
                start.plusSeconds(60), null, "mp3", "processing", null));
    }

    /** Creates an active conference with no members yet, as the first {@code <Conference>} verb would. */
    public synchronized String createConference(String name, String tag, String eventUrl, boolean living) {
        String id = newId("conf-");
        SimConference c = new SimConference(id, name, clock.instant(), eventUrl, eventUrl == null ? null : "POST",
                tag, living);
        c.eventUsername = defaultEventUsername;
        c.eventPassword = defaultEventPassword;
        conferences.put(id, c);
        notify(c, "conferenceCreated", null);
        return id;
    }

    private String defaultEventUsername;
    private String defaultEventPassword;

    /** Webhook credentials for conferences created from now on without their own. */
    public synchronized void eventCredentials(String username, String password) {
        this.defaultEventUsername = username;
        this.defaultEventPassword = password;
    }

    /** A new call joins; returns its call id. At most 20 calls per conference, as the API documents. */
    public synchronized String join(String conferenceId, String from) {
        SimConference c = active(conferenceId);
        if (c.members.size() >= 20) {
            throw new IllegalStateException("conference " + conferenceId + " already has 20 members");
        }
        SimMember m = new SimMember(newId("c-"), from, "+19195550199");
        c.members.put(m.callId, m);
        notify(c, "conferenceMemberJoin", m);
        return m.callId;
    }

    /** The call leaves; when the last one leaves the conference completes. */
    public synchronized void leave(String conferenceId, String callId) {
        SimConference c = active(conferenceId);
        SimMember gone = c.members.remove(callId);
        if (gone == null) {
            throw new IllegalStateException("no member " + callId + " in " + conferenceId);
        }
        c.members.values().forEach(m -> m.callIdsToCoach.remove(callId));
        notify(c, "conferenceMemberExit", gone);
        if (c.members.isEmpty()) {
            c.completedTime = clock.instant();
            notify(c, "conferenceCompleted", null);
        }
    }

    public synchronized void setMute(String conferenceId, String callId, boolean mute) {
        member(conferenceId, callId).mute = mute;
    }

    public synchronized void setHold(String conferenceId, String callId, boolean hold) {
        member(conferenceId, callId).hold = hold;
    }

    public synchronized void setCoaching(String conferenceId, String callId, List<String> callIds) {
        member(conferenceId, callId).callIdsToCoach = new ArrayList<>(callIds);
    }

    /** Ends the conference: every member leaves and {@code completedTime} is set. */
    public synchronized void complete(String conferenceId) {
        SimConference c = active(conferenceId);
        List<SimMember> leaving = new ArrayList<>(c.members.values());
        c.members.clear();
        c.completedTime = clock.instant();
        leaving.forEach(m -> notify(c, "conferenceMemberExit", m));
        notify(c, "conferenceCompleted", null);
    }

    public synchronized void addRecording(SimRecording r) {
        recordings.put(r.recordingId(), r);
    }

    /** The ids of the members now in the conference, in joining order. */
    public synchronized List<String> memberIds(String conferenceId) {
        SimConference c = conferences.get(conferenceId);
        return c == null ? List.of() : List.copyOf(c.members.keySet());
    }

    public synchronized List<String> conferenceIds() {
        return List.copyOf(conferences.keySet());
    }

    public synchronized boolean isMuted(String conferenceId, String callId) {
        return member(conferenceId, callId).mute;
    }

    public synchronized boolean isActive(String conferenceId) {
        SimConference c = conferences.get(conferenceId);
        return c != null && c.active();
    }

    synchronized SimConference find(String id) {
        return conferences.get(id);
    }

    synchronized List<SimConference> sorted() {
        List<SimConference> all = new ArrayList<>(conferences.values());
        all.sort(Comparator.comparing((SimConference c) -> c.createdTime).thenComparing(c -> c.id));
        return all;
    }

    synchronized List<SimRecording> recordingsOf(String conferenceId) {
        return recordings.values().stream().filter(r -> r.conferenceId().equals(conferenceId)).toList();
    }

    synchronized SimRecording recording(String recordingId) {
        return recordings.get(recordingId);
    }

    private SimConference active(String conferenceId) {
        SimConference c = conferences.get(conferenceId);
        if (c == null || !c.active()) {
            throw new IllegalStateException("no active conference " + conferenceId);
        }
        return c;
    }

    private SimMember member(String conferenceId, String callId) {
        SimMember m = active(conferenceId).members.get(callId);
        if (m == null) {
            throw new IllegalStateException("no member " + callId + " in " + conferenceId);
        }
        return m;
    }

    /** Ids in Bandwidth's observed shape: prefix, then 8-8-4-4-4-12 lower-case hex. */
    synchronized String newId(String prefix) {
        StringBuilder s = new StringBuilder(prefix);
        for (int len : new int[] {8, 8, 4, 4, 4, 12}) {
            if (s.length() > prefix.length()) {
                s.append('-');
            }
            for (int i = 0; i < len; i++) {
                s.append(Character.forDigit(random.nextInt(16), 16));
            }
        }
        return s.toString();
    }

    /** A valid WAV file of silence (8 kHz, 16-bit mono), so downloads are real audio. */
    static byte[] wav(Duration length) {
        int samples = (int) (8000 * length.toMillis() / 1000);
        int dataBytes = samples * 2;
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        header.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000)
                .putInt(16000).putShort((short) 2).putShort((short) 16);
        header.put("data".getBytes()).putInt(dataBytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream(44 + dataBytes);
        out.writeBytes(header.array());
        out.writeBytes(new byte[dataBytes]);
        return out.toByteArray();
    }
}
