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

    /** Members on a terminal; their conferenceId is the conference's, shown above the table. */
    public static final List<Column<ConferenceMember>> MEMBERS_TABLE = List.of(
            new Column<>("callId", ConferenceMember::callId),
            new Column<>("mute", m -> yesNo(m.mute())),
            new Column<>("hold", m -> yesNo(m.hold())),
            new Column<>("callIdsToCoach", m -> m.coaching().isEmpty() ? "-" : m.coaching()),
            new Column<>("memberUrl", ConferenceMember::memberUrl));

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

    /** A conference as a person reads it: its fields, then its members as a table. */
    public static void conference(PrintWriter out, Conference c) {
        conference(out, c, c.members().size());
    }

    /** The same, after filters kept some of its {@code total} members. */
    public static void conference(PrintWriter out, Conference c, int total) {
        List<ConferenceMember> members = c.members();
        long muted = members.stream().filter(ConferenceMember::isMuted).count();
        long held = members.stream().filter(ConferenceMember::isHeld).count();
        field(out, "id", c.id());
        field(out, "name", c.name());
        field(out, "createdTime", time(c.createdTime()));
        field(out, "completedTime", c.completedTime() == null ? "- (active)" : time(c.completedTime()));
        field(out, "conferenceEventUrl", c.conferenceEventUrl());
        field(out, "conferenceEventMethod", c.conferenceEventMethod());
        field(out, "tag", c.tag());
        field(out, "activeMembers", (total == members.size() ? members.size() + " ("
                : members.size() + " of " + total + " kept by the filters (") + muted + " muted, " + held + " on hold)");
        if (!members.isEmpty()) {
            out.println();
            List<ConferenceMember> foreign = members.stream()
                    .filter(m -> m.conferenceId() != null && !m.conferenceId().equals(c.id())).toList();
            TextTable.print(out, foreign.isEmpty() ? MEMBERS_TABLE : MEMBERS, members);
        }
    }

    public static void member(PrintWriter out, ConferenceMember m) {
        field(out, "callId", m.callId());
        field(out, "conferenceId", m.conferenceId());
        field(out, "memberUrl", m.memberUrl());
        field(out, "mute", yesNo(m.mute()));
        field(out, "hold", yesNo(m.hold()));
        field(out, "callIdsToCoach", m.coaching().isEmpty() ? "-" : String.join(" ", m.coaching()));
    }

    public static void recording(PrintWriter out, ConferenceRecording r) {
        for (Column<ConferenceRecording> c : RECORDINGS) {
            field(out, c.header(), c.text(r));
        }
        field(out, "conferenceId", r.conferenceId());
        field(out, "accountId", r.accountId());
    }

    private static void field(PrintWriter out, String name, String value) {
        out.printf("%-22s %s%n", name, value == null || value.isEmpty() ? "-" : TextTable.clean(value));
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    private static String yesNo(Boolean b) {
        return b == null ? "?" : b ? "yes" : "no";
    }
}
