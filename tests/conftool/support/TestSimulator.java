package conftool.support;

import conftool.client.ConferenceClient;
import conftool.client.Credentials;
import conftool.sim.ManualClock;
import conftool.sim.Simulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/** A simulator on loopback with known credentials and a clock the test moves. */
public final class TestSimulator implements AutoCloseable {

    public static final String USER = "test-user";
    public static final String PASSWORD = "s3cret-Pa55word-never-shown";
    public static final String ACCOUNT = "9900000";

    public final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
    public final Simulator sim;

    public TestSimulator() {
        this(0);
    }

    public TestSimulator(int livingConferences) {
        try {
            sim = Simulator.builder().credentials(USER, PASSWORD, ACCOUNT).clock(clock).seed(1)
                    .livingConferences(livingConferences).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public ConferenceClient client() {
        return clientBuilder().build();
    }

    /** Short backoffs and timeouts, so fault tests stay quick. */
    public ConferenceClient.Builder clientBuilder() {
        return ConferenceClient.builder()
                .credentials(new Credentials(USER, PASSWORD, ACCOUNT))
                .baseUrl(sim.baseUrl())
                .readTimeout(Duration.ofSeconds(5));
    }

    public ConferenceClient client(PrintWriter log) {
        return clientBuilder().log(log).build();
    }

    @Override
    public void close() {
        sim.close();
    }
}
