package conftool.hooks;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.graalvm.polyglot.Context;

/**
 * Stops a hook call that runs too long or eats too much memory, by interrupting its context; the context stays
 * usable for the next call. Arming costs one volatile write, so it is done around every call.
 */
final class Watchdog implements AutoCloseable {

    enum Reason { NONE, TIMEOUT, MEMORY }

    private static final Duration INTERRUPT_TIMEOUT = Duration.ofSeconds(5);

    private final Context context;
    private final long memoryBudget;
    private volatile long memoryLimit;
    private final Thread thread;
    private volatile long deadline;
    private volatile boolean armed;
    /** Counts the calls armed: a stop meant for one call must not disarm the next (see {@link #watch}). */
    private volatile long generation;
    private volatile Reason tripped = Reason.NONE;
    private volatile boolean closed;
    /** Set while {@link Context#interrupt} runs; guarded by itself. */
    private boolean interrupting;

    /** @param memoryBudgetBytes how much the heap may grow during one call before it is stopped */
    Watchdog(Context context, long memoryBudgetBytes) {
        this.context = context;
        this.memoryBudget = memoryBudgetBytes;
        baseline();
        this.thread = new Thread(this::watch, "conf-hook-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    /** Measures the heap now; the calls that follow may grow it by the budget. */
    void baseline() {
        Runtime rt = Runtime.getRuntime();
        memoryLimit = rt.totalMemory() - rt.freeMemory() + memoryBudget;
    }

    void arm(Duration limit) {
        tripped = Reason.NONE;
        deadline = System.nanoTime() + limit.toNanos();
        generation++;
        armed = true;
    }

    /**
     * Disarms and says why the call was stopped, if it was. After a stop it waits for the interrupt to finish: an
     * interrupt waits for the context to be left, and a next call started meanwhile (a skipped failure) would keep
     * it waiting, unwatched, for the interrupt's whole timeout.
     */
    Reason disarm() {
        armed = false;
        Reason r = tripped;
        if (r != Reason.NONE) {
            awaitInterrupt();
        }
        return r;
    }

    private void awaitInterrupt() {
        long end = System.nanoTime() + INTERRUPT_TIMEOUT.toNanos();
        synchronized (this) {
            try {
                for (long left = end - System.nanoTime(); interrupting && left > 0; left = end - System.nanoTime()) {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void watch() {
        Runtime rt = Runtime.getRuntime();
        while (!closed) {
            LockSupport.parkNanos(5_000_000L);
            long call = generation;
            if (!armed) {
                continue;
            }
            Reason reason = Reason.NONE;
            if (System.nanoTime() - deadline > 0) {
                reason = Reason.TIMEOUT;
            } else if (rt.totalMemory() - rt.freeMemory() > memoryLimit) {
                reason = Reason.MEMORY;
            }
            if (reason != Reason.NONE && armed && generation == call) {
                synchronized (this) {
                    interrupting = true;
                }
                tripped = reason;
                try {
                    context.interrupt(INTERRUPT_TIMEOUT);
                } catch (Exception e) {
                    // the call ended in the meantime, or would not stop: the caller sees either
                } finally {
                    synchronized (this) {
                        interrupting = false;
                        notifyAll();
                    }
                }
                // The stopped call's caller may already have armed the next call (a skipped failure): that one
                // keeps its own limit. Disarming it here would let it run without any.
                if (generation == call) {
                    armed = false;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
