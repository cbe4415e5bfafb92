package conftool.hooks;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.graalvm.polyglot.Context;

/**
 * Stops a hook call that runs too long or eats too much memory, by interrupting its context; the context stays
 * usable for the next call. Arming costs a few volatile writes, so it is done around every call.
 *
 * <p>Memory has one rule: what the process holds live (measured after a full collection) may exceed what it held
 * when the hooks were loaded by the budget at most. GraalJS's own heap limit ({@code sandbox.MaxHeapMemory}) is not
 * available on the runtime conf uses, and what a hook keeps in globals or {@code ctx.state} outlives any one call,
 * so the rule is checked at two moments:
 * <ul>
 * <li>During a call, once the heap in use (garbage included) is past the limit: a collection then tells whether
 * the limit is really passed. Other threads' garbage (a listener's requests, a webhook sink) does not survive the
 * collection, so it never counts against a hook. (The JDK's per-thread allocation counters would tell whose
 * allocations they were, but setting them up costs a one-shot run more than its hook.)
 * <li>After each call ({@link #retainsTooMuch}), once the heap in use is past the limit: a collection tells whether
 * the hooks now keep too much.
 * </ul>
 * Collections are forced only past the limit, and at most once per half a budget of growth.
 */
final class Watchdog implements AutoCloseable {

    enum Reason { NONE, TIMEOUT, MEMORY }

    private static final Duration INTERRUPT_TIMEOUT = Duration.ofSeconds(5);

    private final Context context;
    private final long memoryBudget;
    /** The heap in use when the hooks were loaded: what the hooks may add to, by the budget. */
    private final long start;
    /** The heap in use (garbage included) past which a collection is due to measure what is live. */
    private volatile long checkAt;
    private final Thread thread;
    private volatile long deadline;
    private volatile boolean armed;
    /** Counts the calls armed: a stop meant for one call must not disarm the next (see {@link #watch}). */
    private volatile long generation;
    private volatile Reason tripped = Reason.NONE;
    private volatile boolean closed;
    /** Off while the hooks are reloaded after a reset: the dropped context may not be collectable yet. */
    private volatile boolean watchMemory = true;
    /** Set while {@link Context#interrupt} runs; guarded by itself. */
    private boolean interrupting;

    /**
     * @param memoryBudgetBytes how much the hooks may hold, during a call and between calls; at most a quarter of the
     *                          largest heap, so that hooks stopped at their budget leave a usable heap
     * @param start             the heap in use before any hook was loaded, or -1 to measure it now; a context
     *                          that replaces another keeps the first one's
     */
    Watchdog(Context context, long memoryBudgetBytes, long start) {
        this.context = context;
        this.memoryBudget = budget(memoryBudgetBytes);
        this.start = start >= 0 ? start : used();
        this.checkAt = start + memoryBudget;
        this.thread = new Thread(this::watch, "conf-hook-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    /** The budget in effect: the one asked for, at most a quarter of the largest heap. */
    static long budget(long asked) {
        return Math.min(asked, Runtime.getRuntime().maxMemory() / 4);
    }

    /**
     * Collects the heap and says whether what is live passes the limit. The next collection is due at the limit, or
     * half a budget above what is live now if that is higher: a process that holds more for its own reasons (many
     * conferences watched) is not collected after every call.
     */
    private synchronized boolean overLimit() {
        System.gc();
        long live = used();
        checkAt = Math.max(start + memoryBudget, live + memoryBudget / 2);
        return live > start + memoryBudget;
    }

    private static long used() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
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

    /**
     * After a call: whether the hooks now keep more than the budget. Cheap while the heap has not grown by the budget
     * since it was last measured; then a collection (of the whole heap) measures what is really kept.
     */
    boolean retainsTooMuch() {
        return watchMemory && used() > checkAt && overLimit();
    }

    /** Turns the memory checks off or on; timeouts are always watched. */
    void watchMemory(boolean on) {
        watchMemory = on;
    }

    long budget() {
        return memoryBudget;
    }

    long start() {
        return start;
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
        while (!closed) {
            LockSupport.parkNanos(5_000_000L);
            long call = generation;
            if (!armed) {
                continue;
            }
            Reason reason = Reason.NONE;
            if (System.nanoTime() - deadline > 0) {
                reason = Reason.TIMEOUT;
            } else if (watchMemory && used() > checkAt && armed && overLimit()) {
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
