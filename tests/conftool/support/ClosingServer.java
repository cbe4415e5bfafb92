package conftool.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server that answers the first request of each connection with {@code 200} and keep-alive, then
 * reads the next request on that connection whole and closes it without an answer: what a server (or a proxy) does
 * when it drops a kept-alive connection the client has just reused. It records every request line it read, so a
 * test can count how often a request was sent.
 */
public final class ClosingServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public ClosingServer() throws IOException {
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "closing-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/api/v2";
    }

    /** Every request line read ({@code METHOD /path}), in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public long count(String method) {
        return requests.stream().filter(r -> r.startsWith(method + " ")).count();
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(5000);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                if (!read(in)) {
                    continue;
                }
                byte[] body = "{\"id\":\"conf-1\",\"callId\":\"c-1\"}".getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                read(in);   // the request sent on the kept-alive connection, then closed unanswered
            } catch (IOException e) {
                // a client that went away: next connection
            }
        }
    }

    /** Reads one request (headers and a Content-Length body); false at the end of the stream. */
    private boolean read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            head.write(c);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        if (c == -1) {
            return false;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] first = lines[0].split(" ");
        requests.add(first[0] + " " + (first.length > 1 ? first[1] : ""));
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring("content-length:".length()).trim()));
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
