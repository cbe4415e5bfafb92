package conftool.listen;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Connection;

/**
 * Keeps idle and slow peers from holding the listener: at most {@code perPeer} open connections per peer address
 * (those over it are closed at once), and a deadline for a request's headers. Jetty's idle timeout closes a
 * connection that sends nothing; a peer that sends a byte now and then would reset it for ever, so a connection that
 * is not inside a request (headers not yet complete, or kept alive after one) is closed {@code headers} after it
 * opened or its last request ended, whatever it sends meanwhile.
 */
final class ConnectionGuard implements Connection.Listener, AutoCloseable {

    /** One open connection: since when it waits for a request's headers, or -1 while one is handled. */
    private static final class Open {
        final InetAddress peer;
        volatile long waitingSince;

        Open(InetAddress peer, long now) {
            this.peer = peer;
            this.waitingSince = now;
        }
    }

    private final int perPeer;
    private final long headersNanos;
    private final Consumer<String> log;
    private final Map<Connection, Open> open = new ConcurrentHashMap<>();
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    /** Peers told about in the log while over the cap: one line per episode, not one per connection. */
    private final Map<InetAddress, Boolean> logged = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "conf-listen-deadlines");
        t.setDaemon(true);
        return t;
    });

    ConnectionGuard(int perPeer, java.time.Duration headers, Consumer<String> log) {
        this.perPeer = perPeer;
        this.headersNanos = headers.toNanos();
        this.log = log;
        long every = Math.max(50, Math.min(1000, headers.toMillis() / 4));
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpened(Connection c) {
        InetAddress peer = peer(c.getEndPoint().getRemoteSocketAddress());
        int count = perAddress.merge(peer, 1, Integer::sum);
        if (count > perPeer) {
            release(peer);
            if (logged.putIfAbsent(peer, Boolean.TRUE) == null) {
                log.accept("closing connections from " + peer.getHostAddress() + ": it has " + perPeer
                        + " open already (--max-connections-per-peer)");
            }
            c.getEndPoint().close();
            return;
        }
        open.put(c, new Open(peer, System.nanoTime()));
    }

    @Override
    public void onClosed(Connection c) {
        Open o = open.remove(c);
        if (o != null && release(o.peer) < perPeer) {
            logged.remove(o.peer);
        }
    }

    /** One connection fewer from {@code peer}; a peer with none left is forgotten, so the map stays small. */
    private int release(InetAddress peer) {
        Integer left = perAddress.computeIfPresent(peer, (k, n) -> n <= 1 ? null : n - 1);
        return left == null ? 0 : left;
    }

    /** A request's headers are in: its body and answer are bounded by the request's own deadline. */
    void requestStarted(Connection c) {
        Open o = open.get(c);
        if (o != null) {
            o.waitingSince = -1;
        }
    }

    /** Answered: the connection may carry another request, whose headers get a fresh deadline. */
    void requestEnded(Connection c) {
        Open o = open.get(c);
        if (o != null) {
            o.waitingSince = System.nanoTime();
        }
    }

    int open() {
        return open.size();
    }

    private void sweep() {
        long now = System.nanoTime();
        open.forEach((c, o) -> {
            long since = o.waitingSince;
            if (since >= 0 && now - since > headersNanos) {
                c.getEndPoint().close();
            }
        });
    }

    private static InetAddress peer(SocketAddress a) {
        return a instanceof InetSocketAddress i && i.getAddress() != null ? i.getAddress()
                : InetAddress.getLoopbackAddress();
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
