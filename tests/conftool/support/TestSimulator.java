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
    public static final String CLIENT_ID = "test-client-7f3a";
    public static final String CLIENT_SECRET = "cl1ent-s3cret-never-shown";

    public final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
    public final Simulator sim;

    public TestSimulator() {
        this(0);
    }

    public TestSimulator(int livingConferences) {
        this(livingConferences, false, Duration.ofHours(1));
    }

    /**
     * @param oauthOnly refuse Basic, as Bandwidth will
     * @param tokenTtl  how long tokens live on {@link #clock}
     */
    public TestSimulator(int livingConferences, boolean oauthOnly, Duration tokenTtl) {
        try {
            sim = Simulator.builder().credentials(USER, PASSWORD, ACCOUNT).clientCredentials(CLIENT_ID, CLIENT_SECRET)
                    .oauthOnly(oauthOnly).tokenTtl(tokenTtl).clock(clock).seed(1)
                    .livingConferences(livingConferences).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A simulator that takes Bearer tokens only, with tokens that live an hour on the test's clock. */
    public static TestSimulator oauthOnly() {
        return new TestSimulator(0, true, Duration.ofHours(1));
    }

    /** The client credentials of this simulator. */
    public Credentials.ClientCredentials clientCredentials() {
        return Credentials.clientCredentials(CLIENT_ID, CLIENT_SECRET, sim.tokenUrl(), ACCOUNT);
    }

    /** A client with client credentials, timed by the test's clock, keeping tokens in memory. */
    public ConferenceClient.Builder oauthClientBuilder() {
        return ConferenceClient.builder()
                .credentials(clientCredentials())
                .baseUrl(sim.baseUrl())
                .clock(clock)
                .readTimeout(Duration.ofSeconds(5));
    }

    public ConferenceClient client() {
        return clientBuilder().build();
    }

    /** Short backoffs and timeouts, so fault tests stay quick. */
    public ConferenceClient.Builder clientBuilder() {
        return ConferenceClient.builder()
                .credentials(Credentials.basic(USER, PASSWORD, ACCOUNT))
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
