package conftool.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import conftool.sim.Fault;
import conftool.sim.World;
import conftool.support.TestSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** --rate and the shared Retry-After, on a time source of the test's own: every wait is seen, none is spent. */
class RateGateTest {

    /** Time that moves only when the gate waits. */
    private static final class FakeTime {
        long now;
        final List<Long> waits = new CopyOnWriteArrayList<>();

        synchronized long now() {
            return now;
        }

        synchronized void park(long nanos) {
            waits.add(nanos);
            now += nanos;
        }
    }

    @Test
    void rateSpacesRequestsEvenlyAcrossCallers() {
        FakeTime time = new FakeTime();
        RateGate gate = new RateGate(10, 1, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), time::now, time::park);
        List<Long> letThrough = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            gate.beforeRequest();
            letThrough.add(time.now() / 1_000_000);
        }
        assertEquals(List.of(0L, 100L, 200L, 300L, 400L), letThrough, "one request every 100 ms at --rate 10");
        RateGate open = new RateGate(0, 1, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), time::now, time::park);
        int before = time.waits.size();
        for (int i = 0; i < 5; i++) {
            open.beforeRequest();
        }
        assertEquals(before, time.waits.size(), "no limit by default");
    }

    @Test
    void aBurstLetsThatManyGoAtOnceAndNoMoreInAnySecond() {
        FakeTime time = new FakeTime();
        RateGate gate = new RateGate(5, 5, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), time::now, time::park);
        List<Long> letThrough = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            gate.beforeRequest();
            letThrough.add(time.now() / 1_000_000);
        }
        assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 1000L, 1000L, 1000L, 1000L, 1000L, 2000L, 2000L), letThrough,
                "five at once, then the next five a second after the first five");
        for (int i = 5; i < letThrough.size(); i++) {
            assertEquals(true, letThrough.get(i) - letThrough.get(i - 5) >= 1000,
                    "never six requests within one second: " + letThrough);
        }
    }

    @Test
    void aRetryAfterGivenToOneThreadHoldsBackEveryOther() throws Exception {
        FakeTime time = new FakeTime();
        Instant now = Instant.parse("2026-01-05T10:00:00Z");
        RateGate gate = new RateGate(0, 1, Clock.fixed(now, ZoneOffset.UTC), time::now, time::park);
        Thread limited = new Thread(() -> gate.rateLimited(now.plusSeconds(3)));
        limited.start();
        limited.join(10_000);
        Thread other = new Thread(gate::beforeRequest);
        other.start();
        other.join(10_000);
        assertEquals(List.of(Duration.ofSeconds(3).toNanos()), time.waits);
    }

    @Test
    void theClientTellsItsGateOfEveryRetryAfter() {
        List<Instant> told = new CopyOnWriteArrayList<>();
        RequestGate recording = new RequestGate() {
            @Override
            public void beforeRequest() {
            }

            @Override
            public void rateLimited(Instant until) {
                told.add(until);
            }
        };
        try (var t = new TestSimulator()) {
            var client = t.clientBuilder().gate(recording).maxAttempts(1).build();
            t.sim.faults().add(Fault.tooManyRequests("2"));
            Instant before = Instant.now();
            try {
                client.conference(World.SEED_CONFERENCE_ID);
            } catch (ConfException e) {
                // one attempt: rate limited
            }
            assertEquals(1, told.size(), "the 429 reached the gate that paces every poll");
            Duration ahead = Duration.between(before, told.get(0));
            assertEquals(2, Math.round(ahead.toMillis() / 1000.0), "about Retry-After ahead: " + ahead);
        }
    }
}
