package conftool.watch;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The rhythm of a watch: one {@link Watcher#cycle()} per interval until stopped, shared by {@code watch} and
 * {@code top}. A cycle that overruns the interval counts the polls it made miss ({@link Watcher#skipped}), so the
 * next events come after a {@code gap}, as for a failed poll.
 */
public final class Cadence {

    private final Duration interval;
    private final PrintWriter err;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean stopped;
    private volatile Watcher watcher;

    /** @param err where an overrun is reported */
    public Cadence(Duration interval, PrintWriter err) {
        this.interval = interval;
        this.err = err;
    }

    /**
     * Polls with {@code watcher} until {@link #stop()}, {@code cycles} polls (0: no limit), or {@code after} (asked
     * after each cycle) says to end. Returns the number of cycles made.
     */
    public int run(Watcher watcher, int cycles, BooleanSupplier after) throws InterruptedException {
        this.watcher = watcher;
        if (stopped) {
            watcher.stop();
        }
        int done = 0;
        long next = System.nanoTime();
        while (!stopped && (cycles == 0 || done < cycles)) {
            long start = System.nanoTime();
            watcher.cycle();
            done++;
            if (watcher.stopped() || stopped || (cycles != 0 && done >= cycles) || after.getAsBoolean()) {
                break;
            }
            next += interval.toNanos();
            long late = System.nanoTime() - next;
            if (late > 0) {
                // the cycle overran: the polls that were due meanwhile were missed
                int missed = (int) (late / interval.toNanos()) + 1;
                watcher.skipped(missed - 1);
                next = System.nanoTime();
                if (missed > 1) {
                    synchronized (err) {
                        err.println("conf: warning: a cycle took " + Duration.ofNanos(System.nanoTime() - start)
                                .toMillis() + " ms, longer than --interval; " + (missed - 1) + " poll(s) skipped");
                        err.flush();
                    }
                }
            }
            if (wake.tryAcquire(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                // woken early (a change was made, or a stop): the next poll is due now, the rhythm starts again
                wake.drainPermits();
                next = System.nanoTime();
            }
        }
        return done;
    }

    /** Polls once more now, rather than at the next interval (after a change made through the API). */
    public void pollNow() {
        wake.release();
    }

    /**
     * Ends the run: the cycle in progress is cut short (requests in flight are cancelled) and saves the state. Safe
     * from a signal handler or any thread, more than once.
     */
    public void stop() {
        stopped = true;
        Watcher w = watcher;
        if (w != null) {
            w.stop();
        }
        wake.release();
    }

    /** Whether {@link #stop()} was called. */
    public boolean stopped() {
        return stopped;
    }
}
