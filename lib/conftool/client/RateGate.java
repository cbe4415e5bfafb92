package conftool.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Paces API requests across all threads: at most {@code perSecond} requests a second (0: no limit), and when any
 * request gets a 429 with {@code Retry-After}, every thread waits until then.
 *
 * <p>With a {@code burst} of 1 (a watch) requests are spaced evenly, one every 1/{@code perSecond} s. With a larger
 * burst (bulk member updates, which a person waits for) up to {@code burst} requests go at once, and request n
 * goes no earlier than 1/{@code perSecond} × {@code burst} s after request n − {@code burst}: with a burst equal to the
 * rate, at most {@code perSecond} requests in any one-second window, which is the limit as an API counts it.
 */
public final class RateGate implements RequestGate {

    private final long spacingNanos;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final LongConsumer park;
    /** The slots given to the last {@code burst} requests, as a ring; unused entries are far in the past. */
    private final long[] slots;
    private long count;
    private volatile Instant pausedUntil = Instant.EPOCH;
    private volatile boolean stopped;
    private final java.util.Set<Thread> waiting = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public RateGate(double perSecond, int burst, Clock clock) {
        this(perSecond, burst, clock, System::nanoTime, LockSupport::parkNanos);
    }

    /** With the time source and the waiting given: tests see every wait without spending it. */
    RateGate(double perSecond, int burst, Clock clock, LongSupplier nanoTime, LongConsumer park) {
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1");
        }
        this.spacingNanos = perSecond <= 0 ? 0 : (long) (1_000_000_000L / perSecond);
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.park = park;
        this.slots = new long[burst];
        java.util.Arrays.fill(slots, Long.MIN_VALUE / 2);
    }

    /** Thrown to a request held at a stopped gate: it was not sent. */
    public static final class Stopped extends ConfException {
        Stopped() {
            super("stopped before it was sent");
        }
    }

    /** Lets no request through any more: those waiting give up at once, with {@link Stopped}. Any thread. */
    public void stop() {
        stopped = true;
        waiting.forEach(LockSupport::unpark);
    }

    private void await(long nanos) {
        Thread me = Thread.currentThread();
        waiting.add(me);
        try {
            if (!stopped) {
                park.accept(nanos);
            }
        } finally {
            waiting.remove(me);
        }
        if (stopped) {
            throw new Stopped();
        }
    }

    @Override
    public void beforeRequest() {
        if (stopped) {
            throw new Stopped();
        }
        Duration pause = Duration.between(Instant.now(clock), pausedUntil);
        if (!pause.isNegative() && !pause.isZero()) {
            await(pause.toNanos());
        }
        if (spacingNanos > 0) {
            long slot;
            synchronized (this) {
                int i = (int) (count++ % slots.length);
                slot = Math.max(nanoTime.getAsLong(), slots[i] + spacingNanos * slots.length);
                slots[i] = slot;
            }
            long wait = slot - nanoTime.getAsLong();
            if (wait > 0) {
                await(wait);
            }
        }
    }

    @Override
    public synchronized void rateLimited(Instant until) {
        if (until.isAfter(pausedUntil)) {
            pausedUntil = until;
        }
    }
}
