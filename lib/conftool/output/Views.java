package conftool.output;

import conftool.model.Conference;
import conftool.model.ConferenceMember;
import conftool.model.ConferenceRecording;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/** The columns and layouts of each kind of result, headed with the API's field names. */
public final class Views {

    private Views() {
    }

    public static final List<Column<Conference>> CONFERENCES = List.of(
            new Column<>("id", Conference::id),
            new Column<>("name", Conference::name),
            new Column<>("createdTime", Conference::createdTime),
            new Column<>("completedTime", Conference::completedTime),
            new Column<>("conferenceEventUrl", Conference::conferenceEventUrl),
            new Column<>("conferenceEventMethod", Conference::conferenceEventMethod),
            new Column<>("tag", Conference::tag));

    /** The conference list on a terminal: the columns that fit a line. */
    public static final List<Column<Conference>> CONFERENCES_TABLE = List.of(
            new Column<>("id", Conference::id),
            new Column<>("name", Conference::name),
            new Column<>("createdTime", Conference::createdTime),
            new Column<>("completedTime", c -> c.completedTime() == null ? "-" : c.completedTime()),
            new Column<>("tag", Conference::tag));

    public static final List<Column<ConferenceMember>> MEMBERS = List.of(
            new Column<>("callId", ConferenceMember::callId),
            new Column<>("conferenceId", ConferenceMember::conferenceId),
            new Column<>("memberUrl", ConferenceMember::memberUrl),
            new Column<>("mute", ConferenceMember::mute),
            new Column<>("hold", ConferenceMember::hold),
            new Column<>("callIdsToCoach", ConferenceMember::callIdsToCoach));

    /**
     * Members on a terminal; their conferenceId is the conference's, shown above the table, and their memberUrl, about
     * 150 characters, is left to {@code -o wide} ({@link #MEMBERS_WIDE}).
     */
    public static final List<Column<ConferenceMember>> MEMBERS_TABLE = List.of(
            new Column<>("callId", ConferenceMember::callId),
            new Column<>("mute", m -> yesNo(m.mute())),
            new Column<>("hold", m -> yesNo(m.hold())),
            new Column<>("callIdsToCoach", m -> m.coaching().isEmpty() ? null : m.coaching()));

    /** Members with every field, for {@code -o wide}. */
    public static final List<Column<ConferenceMember>> MEMBERS_WIDE = List.of(
            new Column<>("callId", ConferenceMember::callId),
            new Column<>("conferenceId", ConferenceMember::conferenceId),
            new Column<>("mute", m -> yesNo(m.mute())),
            new Column<>("hold", m -> yesNo(m.hold())),
            new Column<>("callIdsToCoach", m -> m.coaching().isEmpty() ? null : m.coaching()),
            new Column<>("memberUrl", ConferenceMember::memberUrl));

    /** A bulk member action's lines: one per member (callId, action, result, error). */
    public static final List<Column<conftool.bulk.MemberResult>> MEMBER_RESULTS = List.of(
            new Column<>("callId", conftool.bulk.MemberResult::callId),
            new Column<>("action", conftool.bulk.MemberResult::action),
            new Column<>("result", conftool.bulk.MemberResult::result),
            new Column<>("error", conftool.bulk.MemberResult::error));

    public static final List<Column<ConferenceRecording>> RECORDINGS = List.of(
            new Column<>("recordingId", ConferenceRecording::recordingId),
            new Column<>("status", ConferenceRecording::status),
            new Column<>("fileFormat", ConferenceRecording::fileFormat),
            new Column<>("duration", ConferenceRecording::duration),
            new Column<>("startTime", ConferenceRecording::startTime),
            new Column<>("endTime", ConferenceRecording::endTime),
            new Column<>("channels", ConferenceRecording::channels),
            new Column<>("name", ConferenceRecording::name),
            new Column<>("recordingName", ConferenceRecording::recordingName),
            new Column<>("mediaUrl", ConferenceRecording::mediaUrl));

    /** Recordings on a terminal: without the media URL, which {@code -o wide} adds. */
    public static final List<Column<ConferenceRecording>> RECORDINGS_TABLE = RECORDINGS.stream()
            .filter(c -> !c.header().equals("mediaUrl")).toList();

    /** A conference as a person reads it: its fields, then its members as a table. */
    public static void conference(PrintWriter out, Conference c) {
        conference(out, c, c.members().size(), false);
    }

    /**
     * The same, after filters kept some of its {@code total} members; {@code wide} with every member field. The
     * members' header is printed even when none is left, so that an empty result still shows its columns.
     */
    public static void conference(PrintWriter out, Conference c, int total, boolean wide) {
        List<ConferenceMember> members = c.members();
        conferenceFields(c, total).forEach((name, value) -> field(out, name, value));
        out.println();
        List<ConferenceMember> foreign = members.stream()
                .filter(m -> m.conferenceId() != null && !m.conferenceId().equals(c.id())).toList();
        TextTable.print(out, wide || !foreign.isEmpty() ? MEMBERS_WIDE : MEMBERS_TABLE, members);
    }

    /**
     * A conference's fields as a person reads them, in order: what the terminal and a notebook's HTML both show (every
     * field of the API's conference; its members are a table of their own).
     */
    public static java.util.Map<String, String> conferenceFields(Conference c, int total) {
        List<ConferenceMember> members = c.members();
        long muted = members.stream().filter(ConferenceMember::isMuted).count();
        long held = members.stream().filter(ConferenceMember::isHeld).count();
        java.util.Map<String, String> f = new java.util.LinkedHashMap<>();
        f.put("id", c.id());
        f.put("name", c.name());
        f.put("createdTime", time(c.createdTime()));
        f.put("completedTime", c.completedTime() == null ? "- (active)" : time(c.completedTime()));
        f.put("conferenceEventUrl", c.conferenceEventUrl());
        f.put("conferenceEventMethod", c.conferenceEventMethod());
        f.put("tag", c.tag());
        f.put("activeMembers", (total == members.size() ? members.size() + " ("
                : members.size() + " of " + total + " kept by the filters (") + muted + " muted, " + held + " on hold)");
        return f;
    }

    /** "1 member", "2 members": a count with its noun, for text a person reads. */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    public static void member(PrintWriter out, ConferenceMember m) {
        field(out, "callId", m.callId());
        field(out, "conferenceId", m.conferenceId());
        field(out, "memberUrl", m.memberUrl());
        field(out, "mute", yesNo(m.mute()));
        field(out, "hold", yesNo(m.hold()));
        field(out, "callIdsToCoach", m.coaching().isEmpty() ? null : String.join(" ", m.coaching()));
    }

    public static void recording(PrintWriter out, ConferenceRecording r) {
        for (Column<ConferenceRecording> c : RECORDINGS) {
            field(out, c.header(), c.text(r));
        }
        field(out, "conferenceId", r.conferenceId());
        field(out, "accountId", r.accountId());
    }

    private static void field(PrintWriter out, String name, String value) {
        out.printf("%-22s %s%n", name, value == null || value.isEmpty() ? Column.NONE : TextTable.clean(value));
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    private static String yesNo(Boolean b) {
        return b == null ? "?" : b ? "yes" : "no";
    }
}
