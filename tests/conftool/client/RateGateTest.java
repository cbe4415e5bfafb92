package conftool.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** When each of {@code n} requests in a row passes the gate, in ms of the fake time. */
    private static List<Long> letThrough(double perSecond, int burst, FakeTime time, int n) {
        RateGate gate = new RateGate(perSecond, burst, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), time::now,
                time::park);
        List<Long> at = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            gate.beforeRequest();
            at.add(time.now() / 1_000_000);
        }
        return at;
    }

    @Test
    void rateSpacesRequestsEvenlyAcrossCallers() {
        FakeTime time = new FakeTime();
        assertEquals(List.of(0L, 100L, 200L, 300L, 400L), letThrough(10, 1, time, 5),
                "one request every 100 ms at --rate 10");
        RateGate open = new RateGate(0, 1, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), time::now, time::park);
        int before = time.waits.size();
        for (int i = 0; i < 5; i++) {
            open.beforeRequest();
        }
        assertEquals(before, time.waits.size(), "no limit by default");
    }

    @Test
    void aBurstLetsThatManyGoAtOnceAndNoMoreInAnySecond() {
        List<Long> letThrough = letThrough(5, 5, new FakeTime(), 12);
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
            Instant after = Instant.now();
            assertEquals(1, told.size(), "the 429 reached the gate that paces every poll");
            // Retry-After counts from the answer, which came between before and after (a loaded machine widens it)
            Instant until = told.get(0);
            assertTrue(!until.isBefore(before.plusMillis(1500)) && !until.isAfter(after.plusMillis(2500)),
                    "Retry-After (2 s) after the answer: " + Duration.between(before, until) + " after the request, "
                            + Duration.between(before, after) + " in all");
        }
    }
}
