package conftool.watch;

import conftool.client.RequestGate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The watch's pacing of API requests: at most {@code perSecond} requests a second across all threads (0: no limit),
 * and when any request gets a 429 with {@code Retry-After}, every thread waits until then.
 */
final class RateGate implements RequestGate {

    private final long spacingNanos;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final LongConsumer park;
    private long nextSlot;
    private volatile Instant pausedUntil = Instant.EPOCH;

    RateGate(double perSecond, Clock clock) {
        this(perSecond, clock, System::nanoTime, LockSupport::parkNanos);
    }

    /** With the time source and the waiting given: tests see every wait without spending it. */
    RateGate(double perSecond, Clock clock, LongSupplier nanoTime, LongConsumer park) {
        this.spacingNanos = perSecond <= 0 ? 0 : (long) (1_000_000_000L / perSecond);
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.park = park;
    }

    @Override
    public void beforeRequest() {
        Duration pause = Duration.between(Instant.now(clock), pausedUntil);
        if (!pause.isNegative() && !pause.isZero()) {
            park.accept(pause.toNanos());
        }
        if (spacingNanos > 0) {
            long slot;
            synchronized (this) {
                long now = nanoTime.getAsLong();
                slot = Math.max(nextSlot, now);
                nextSlot = slot + spacingNanos;
            }
            long wait = slot - nanoTime.getAsLong();
            if (wait > 0) {
                park.accept(wait);
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
