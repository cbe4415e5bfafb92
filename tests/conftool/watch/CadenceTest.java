package conftool.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.alerts.AlertEngine;
import conftool.model.Event;
import conftool.sim.World;
import conftool.support.TestSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** watch's rhythm, shared by watch and top: a poll on demand, a stop from another thread, a cycle limit. */
class CadenceTest {

    @Test
    void pollNowPollsAtOnceInsteadOfAtTheNextIntervalAndStopEndsTheRun() throws Exception {
        try (TestSimulator t = new TestSimulator();
                Watcher w = new Watcher(t.client(), new Watcher.Settings(List.of(World.SEED_CONFERENCE_ID), false,
                        null, 2, null), new CopyOnWriteArrayList<Event>()::add, null, new AlertEngine(List.of()),
                        t.clock, new PrintWriter(new StringWriter(), true))) {
            Cadence cadence = new Cadence(Duration.ofHours(1), new PrintWriter(new StringWriter(), true));
            AtomicInteger cycles = new AtomicInteger();
            CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return cadence.run(w, 0, () -> {
                        cycles.incrementAndGet();
                        return false;
                    });
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            waitFor(() -> cycles.get() == 1);
            cadence.pollNow();
            // an hour's interval: only pollNow can have made the second cycle
            waitFor(() -> cycles.get() == 2);
            cadence.stop();
            assertEquals(2, run.get(10, TimeUnit.SECONDS));
            assertTrue(cadence.stopped());
            assertEquals(2, t.sim.requests().stream().filter(r -> r.contains(World.SEED_CONFERENCE_ID)).count());
        }
    }

    @Test
    void aCycleLimitEndsTheRunAndAStopBeforeItMakesNoPoll() throws Exception {
        try (TestSimulator t = new TestSimulator();
                Watcher w = new Watcher(t.client(), new Watcher.Settings(List.of(World.SEED_CONFERENCE_ID), false,
                        null, 2, null), e -> { }, null, new AlertEngine(List.of()), t.clock,
                        new PrintWriter(new StringWriter(), true))) {
            assertEquals(3, new Cadence(Duration.ofMillis(10), new PrintWriter(new StringWriter())).run(w, 3,
                    () -> false));
            Cadence stopped = new Cadence(Duration.ofMillis(10), new PrintWriter(new StringWriter()));
            stopped.stop();
            int before = t.sim.requests().size();
            assertEquals(0, stopped.run(w, 0, () -> false));
            assertEquals(before, t.sim.requests().size(), "a stopped cadence sends nothing");
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < until, "not within 10 s");
            Thread.sleep(20);
        }
    }
}
