package conftool.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listener exposed to the Internet under a few hundred idle and slow connections, on loopback: peers are
 * 127.0.0.2 and up (every 127/8 address is this host), the real sender 127.0.0.1. Bounded in count and in time.
 */
class ListenerUnderSlowClientsTest {

    private static final String USER = "hooks";
    private static final String PASSWORD = "hook-pass";
    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;
    private final StringWriter log = new StringWriter();
    private final AtomicLong handled = new AtomicLong();
    private final List<Socket> sockets = new ArrayList<>();
    private Listener listener;

    @AfterEach
    void stop() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed by the listener
            }
        }
        if (listener != null) {
            listener.close();
        }
    }

    private Listener start(Listener.Limits limits) throws Exception {
        listener = new Listener(new Listener.Settings(InetAddress.getLoopbackAddress(), 0, "/hooks", USER, PASSWORD,
                dir.resolve("journal"), 4096, limits), w -> handled.incrementAndGet(), new PrintWriter(log, true));
        return listener;
    }

    /** The four ways to hold a connection without finishing a request. */
    private enum Kind { ONE_BYTE, UNFINISHED_HEADERS, SLOW_BODY, ENDLESS_CHUNKED }

    private record Slow(Socket socket, Kind kind) {
    }

    private Socket open(String from, int port) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        return s;
    }

    private static String start(Kind kind) {
        return switch (kind) {
            case ONE_BYTE -> "P";
            case UNFINISHED_HEADERS -> "POST /hooks HTTP/1.1\r\nHost: x\r\n";
            case SLOW_BODY -> "POST /hooks HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{";
            case ENDLESS_CHUNKED -> "POST /hooks HTTP/1.1\r\nHost: x\r\nAuthorization: " + AUTH
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n";
        };
    }

    /** What each kind sends every so often to look alive: a header byte, a body byte, a chunk. */
    private static String more(Kind kind) {
        return switch (kind) {
            case ONE_BYTE -> "";
            case UNFINISHED_HEADERS -> "X";
            case SLOW_BODY -> " ";
            case ENDLESS_CHUNKED -> "1\r\n \r\n";
        };
    }

    private static boolean trickle(Slow s) {
        try {
            OutputStream out = s.socket().getOutputStream();
            out.write(more(s.kind()).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static HttpResponse<String> webhook(HttpClient client, String url, int i) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .header("Authorization", AUTH).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"eventType\":\"conferenceMemberJoin\","
                        + "\"conferenceId\":\"conf-1\",\"callId\":\"c-" + i + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Whether the listener closes the socket (end of stream or reset) within {@code within}. */
    private static boolean closedByListener(Socket s, Duration within) {
        long end = System.nanoTime() + within.toNanos();
        try {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[1024];
            while (System.nanoTime() < end) {
                s.setSoTimeout((int) Math.max(1, Math.min(500, (end - System.nanoTime()) / 1_000_000)));
                try {
                    if (in.read(buf) < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    // still open: try again until the bound
                }
            }
            return false;
        } catch (IOException e) {
            return true;   // reset by the listener
        }
    }

    @Test
    void realWebhooksKeepGetting204UnderAFewHundredSlowConnectionsWhichAreClosedByTheirDeadlines() throws Exception {
        Listener l = start(new Listener.Limits(Duration.ofSeconds(2), Duration.ofSeconds(2), 16, 2048, 16));
        String url = "http://127.0.0.1:" + l.port() + "/hooks";
        List<Slow> slow = new ArrayList<>();
        // 20 peers with 15 connections each (under the cap of 16): 300 in all, of the four kinds
        for (int peer = 0; peer < 20; peer++) {
            for (int i = 0; i < 15; i++) {
                Kind kind = Kind.values()[i % Kind.values().length];
                Socket s = open("127.0.0." + (2 + peer), l.port());
                s.getOutputStream().write(start(kind).getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                slow.add(new Slow(s, kind));
            }
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 20; i++) {
            // each slow connection stays busy, a few bytes a second, for the whole run
            slow.forEach(ListenerUnderSlowClientsTest::trickle);
            HttpResponse<String> r = webhook(client, url, i);   // 5 s at most, or HttpTimeoutException
            assertEquals(204, r.statusCode(), r.body());
            Thread.sleep(150);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (handled.get() < 20 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(20, handled.get(), "every real webhook was handled");
        // the header and body deadlines have passed for every slow connection: each is closed, whatever it sends
        int open = 0;
        for (Slow s : slow) {
            trickle(s);
            if (!closedByListener(s.socket(), Duration.ofSeconds(6))) {
                open++;
            }
        }
        assertEquals(0, open, "slow connections still open past their deadline");
        assertEquals(0, l.handled() - 20, "no slow request became a webhook");
    }

    @Test
    void aPeerGetsNoMoreConnectionsThanTheCapAndOthersAreNotHeldUp() throws Exception {
        Listener l = start(new Listener.Limits(Duration.ofSeconds(30), Duration.ofSeconds(30), 8, 2048, 16));
        List<Socket> mine = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Socket s = open("127.0.0.9", l.port());
            s.getOutputStream().write('P');
            mine.add(s);
        }
        int closed = 0;
        for (Socket s : mine) {
            if (closedByListener(s, Duration.ofMillis(300))) {
                closed++;
            }
        }
        assertEquals(12, closed, "20 connections from one peer, 8 allowed: the 12 over the cap are closed at once");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertEquals(204, webhook(client, "http://127.0.0.1:" + l.port() + "/hooks", 1).statusCode());
        assertTrue(log.toString().contains("127.0.0.9"), "the refusal names the peer: " + log);
    }

    @Test
    void aBodyIsNotReadBeforeItsCredentialsAreChecked() throws Exception {
        Listener l = start(new Listener.Limits(Duration.ofSeconds(30), Duration.ofSeconds(30), 8, 2048, 16));
        Socket s = open("127.0.0.3", l.port());
        // a body announced but never sent, with wrong credentials: the 401 comes without waiting for it
        s.getOutputStream().write(("POST /hooks HTTP/1.1\r\nHost: x\r\nAuthorization: Basic "
                + Base64.getEncoder().encodeToString("hooks:wrong".getBytes(StandardCharsets.UTF_8))
                + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.setSoTimeout(5000);
        byte[] head = new byte[12];
        int n = s.getInputStream().readNBytes(head, 0, head.length);
        assertEquals("HTTP/1.1 401", new String(head, 0, n, StandardCharsets.US_ASCII));
    }
}
