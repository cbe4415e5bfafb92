package conftool.alerts;

import conftool.model.Alert;
import conftool.output.Inert;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sink that delivers on its own thread from a bounded queue, so a slow or failing receiver never holds up the
 * polls. When the queue is full the alert is dropped and counted; drops and failures are reported on stderr.
 */
public abstract class AsyncSink implements AlertSink {

    private final BlockingQueue<Alert> queue;
    private final Thread worker;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    protected final PrintWriter err;
    /** Alerts accepted and not yet delivered or given up on, counting the one being delivered. */
    private final AtomicLong pending = new AtomicLong();
    private volatile boolean closed;

    protected AsyncSink(String name, int capacity, PrintWriter err) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.err = err;
        this.worker = new Thread(this::run, name);
        worker.setDaemon(true);
        worker.start();
    }

    /** Delivers one alert, retrying as the sink sees fit; returns false when it finally failed. */
    protected abstract boolean deliver(Alert alert);

    /**
     * The alert as it is queued: a sink may complete it here with what is known only now, on the thread that raised
     * it (the delivery thread runs later). By default, as it is.
     */
    protected Alert accepting(Alert alert) {
        return alert;
    }

    @Override
    public final void send(Alert raised) {
        Alert alert = accepting(raised);
        pending.incrementAndGet();
        if (!queue.offer(alert)) {
            pending.decrementAndGet();
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 100 == 0) {
                warn(getClass().getSimpleName() + ": queue full, " + n + " alert(s) dropped so far");
            }
        }
    }

    private void run() {
        while (!closed) {
            Alert a;
            try {
                a = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (deliver(a)) {
                    delivered.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                warn(getClass().getSimpleName() + ": " + e);
            } finally {
                pending.decrementAndGet();
            }
        }
    }

    /**
     * POSTs {@code request}, retrying connection errors, 408, 429 and 5xx with exponential backoff from
     * {@code firstBackoff}, up to {@code attempts}; another 4xx is final. Warns (naming {@code what}) when it fails.
     */
    protected boolean post(HttpClient http, HttpRequest request, int attempts, Duration firstBackoff, String what) {
        String last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status < 300) {
                    return true;
                }
                last = "HTTP " + status;
                if (status < 500 && status != 429 && status != 408) {
                    break;
                }
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                        : ": " + WebhookSink.redact(e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (attempt < attempts) {
                try {
                    Thread.sleep(firstBackoff.toMillis() << Math.min(attempt - 1, 10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        warn(what + " failed: " + last);
        return false;
    }

    /** Waits (at most {@code limit}) for the queue to drain. */
    public void drain(Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        // pending, not the queue: an alert the worker has just taken is in neither the queue nor a delivery yet
        while (pending.get() > 0 && System.nanoTime() < end) {
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void flush() {
        flush(Duration.ofSeconds(30));
    }

    @Override
    public void flush(Duration patience) {
        drain(patience);
        if (problem() != null) {
            warn(problem());
        }
    }

    /**
     * Stops the delivery thread, cutting short a delivery in progress (its command is killed); what is still queued
     * stays undelivered. Callers {@link #flush} first.
     */
    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            // a delivery stuck in a read cannot be interrupted; the thread is a daemon and ends with the process
            worker.join(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the delivery thread still runs. */
    boolean running() {
        return worker.isAlive();
    }

    public long dropped() {
        return dropped.get();
    }

    public long failed() {
        return failed.get();
    }

    public long delivered() {
        return delivered.get();
    }

    /** A line about drops and failures, or null when there were none. */
    public String problem() {
        if (dropped.get() == 0 && failed.get() == 0 && pending.get() == 0) {
            return null;
        }
        return getClass().getSimpleName() + ": " + delivered.get() + " delivered, " + failed.get() + " failed, "
                + dropped.get() + " dropped (queue full), " + pending.get() + " undelivered";
    }

    protected void warn(String line) {
        synchronized (err) {
            err.println("conf: warning: " + Inert.text(line));
            err.flush();
        }
    }
}
