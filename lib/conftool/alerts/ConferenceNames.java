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

    private final Map<String, String> names = new ConcurrentHashMap<>();

    /** A conference as just seen; a null name is no name. */
    public void seen(String conferenceId, String name) {
        if (name == null) {
            names.remove(conferenceId);
        } else if (!name.equals(names.get(conferenceId))) {
            names.put(conferenceId, name);
        }
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
        return names.get(conferenceId);
    }
}
