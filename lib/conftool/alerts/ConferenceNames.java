package conftool.alerts;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Conference names by id, for the alerts that leave conf with a {@code conference_name} label (Alertmanager): the
 * thread that polls or receives writes them, the delivery and re-send threads read them. An alert carries only its
 * conference's id.
 */
public final class ConferenceNames implements Function<String, String> {

    /** The name of a conference seen without one (a map holds no null). */
    private static final String NONE = "";

    private final Map<String, String> names = new ConcurrentHashMap<>();

    /** A conference as just seen; a null name (a webhook that tells none) keeps the name known, if any. */
    public void seen(String conferenceId, String name) {
        if (name == null) {
            names.putIfAbsent(conferenceId, NONE);
        } else if (!name.equals(names.get(conferenceId))) {
            names.put(conferenceId, name);
        }
    }

    /**
     * Whether the conference was seen (since the start, or a restart from a state file): until then its alerts'
     * labels cannot be told, and a re-send without its name would be another alert to Alertmanager.
     */
    public boolean knows(String conferenceId) {
        return names.containsKey(conferenceId);
    }

    /** Keeps only these conferences' names (those still watched, or with conditions firing). */
    public void retain(Set<String> conferenceIds) {
        names.keySet().retainAll(conferenceIds);
    }

    public void forget(String conferenceId) {
        names.remove(conferenceId);
    }

    /** The conference's name, or null. */
    @Override
    public String apply(String conferenceId) {
        String name = names.get(conferenceId);
        return name == null || name.equals(NONE) ? null : name;
    }
}
