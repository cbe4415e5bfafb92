package conftool.sim;

import java.util.ArrayList;
import java.util.ListIterator;
import java.util.List;

/** The faults waiting to hit requests, first added first used. Tests switch them on; by default there are none. */
public final class Faults {

    private final List<Fault> pending = new ArrayList<>();

    public synchronized Faults add(Fault fault) {
        if (fault.times() > 0) {
            pending.add(fault);
        }
        return this;
    }

    public synchronized void clear() {
        pending.clear();
    }

    public synchronized int pending() {
        return pending.stream().mapToInt(Fault::times).sum();
    }

    /** The fault for this API request, used up by it, or null. */
    synchronized Fault take(String method, String path) {
        return take(method, path, false);
    }

    /**
     * The fault for this token request, or null. Only a fault aimed at the token path with {@code on(…)} hits it, so
     * that the faults of tests written for API requests stay where they were meant.
     */
    synchronized Fault takeForToken(String method, String path) {
        return take(method, path, true);
    }

    private Fault take(String method, String path, boolean aimed) {
        for (ListIterator<Fault> it = pending.listIterator(); it.hasNext(); ) {
            Fault f = it.next();
            boolean token = f.pathPart() != null && TokenIssuer.PATH.contains(f.pathPart());
            if (token == aimed && f.matches(method, path)) {
                if (f.times() > 1) {
                    it.set(f.times(f.times() - 1));
                } else {
                    it.remove();
                }
                return f;
            }
        }
        return null;
    }
}
