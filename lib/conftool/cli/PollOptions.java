package conftool.cli;

import conftool.client.ConfException;
import conftool.client.ConferenceClient;
import conftool.watch.Watcher;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code watch} and {@code top} poll, and how hard: the conferences or {@code --all}, concurrency, rate. */
final class PollOptions {

    @Parameters(arity = "0..*", paramLabel = "CONFERENCE_ID", description = "Conferences to poll.")
    List<String> ids = new ArrayList<>();

    @Option(names = "--all", description = "Every conference of the account, finding new ones each cycle.")
    boolean all;

    @Option(names = "--name", paramLabel = "NAME", description = "With --all: only conferences with this name.")
    String name;

    @Option(names = "--concurrency", defaultValue = "8", paramLabel = "N", description = "Polls in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "PER_SECOND",
            description = "At most this many API requests a second (default: no limit; 429 Retry-After is always honoured).")
    double rate;

    /** Refuses what cannot be polled, before anything is sent. */
    void check(Duration interval) {
        if (ids.isEmpty() && !all) {
            throw new ConfException.InvalidInput("name conferences, or pass --all");
        }
        if (interval.isNegative() || interval.isZero() || concurrency < 1 || rate < 0) {
            throw new ConfException.InvalidInput("--interval and --concurrency must be positive; --rate 0 or more");
        }
        ids.forEach(id -> conftool.client.Ids.check("conference id", id));
    }

    /** The client, held to {@code --rate} and to every 429's Retry-After. */
    ConferenceClient client(ConfCommand conf, Clock clock) {
        keepConnections(concurrency);
        return conf.clientBuilder().gate(Watcher.gate(rate, clock)).build();
    }

    /**
     * The JDK's HTTP client keeps at most 5 idle connections per server ({@code http.maxConnections}, read once, at
     * the first request); with more polls in flight, every cycle closes the rest and opens them again. Unless the
     * user set it, a watch keeps one per poll in flight.
     */
    static void keepConnections(int concurrency) {
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", String.valueOf(Math.max(5, concurrency)));
        }
    }

    Watcher.Settings settings(Path stateFile) {
        return new Watcher.Settings(ids, all, name, concurrency, stateFile);
    }

    /** How to get the same changes as a stream, for a person told to use watch. */
    String watchArguments() {
        return all ? "--all" + (name == null ? "" : " --name " + name) : String.join(" ", ids);
    }
}
