///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Load on conf listen's webhook receiver over loopback: webhooks/s and time to answer, vs a bare server.
//SOURCES ../conf.java

import com.sun.net.httpserver.HttpServer;
import conftool.listen.Listener;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Usage: ListenBench [REQUESTS] [CLIENTS]. Sends REQUESTS member-join webhooks from CLIENTS threads over loopback,
 * first to a bare JDK server that answers 204 and does nothing else (the baseline), then to conf's listener, which
 * journals each one to disk (forced) before answering. Prints throughput and answer-time percentiles of both.
 */
public class ListenBench {
    public static void main(String... args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        HttpServer bare = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        bare.setExecutor(Executors.newFixedThreadPool(4));
        bare.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        bare.start();
        run("bare JDK server (baseline)", "http://127.0.0.1:" + bare.getAddress().getPort() + "/", requests, clients);
        bare.stop(0);

        Path dir = Files.createTempDirectory("listen-bench");
        AtomicLong handled = new AtomicLong();
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        try (Listener l = new Listener(new Listener.Settings(InetAddress.getLoopbackAddress(), 0, "/", null, null,
                dir.resolve("journal"), 65536), w -> {
                    sink.println(w.toEvent(null));
                    handled.incrementAndGet();
                }, new PrintWriter(System.err, true))) {
            run("conf listen (journal forced per webhook)", "http://127.0.0.1:" + l.port() + "/", requests, clients);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (handled.get() < requests && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            System.out.printf("handled after answering: %d of %d%n", handled.get(), requests);
        }
    }

    static void run(String name, String url, int requests, int clients) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<Long> times = Collections.synchronizedList(new ArrayList<>(requests));
        AtomicLong failures = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                for (int i = client; i < requests; i += clients) {
                    String body = "{\"eventType\":\"conferenceMemberJoin\",\"eventTime\":\"2026-01-05T10:00:00.000Z\","
                            + "\"conferenceId\":\"conf-bench\",\"name\":\"bench\",\"from\":\"+15550001\",\"to\":\"+15550002\","
                            + "\"callId\":\"c-" + i + "\"}";
                    HttpRequest r = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    long s = System.nanoTime();
                    try {
                        if (http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode() != 204) {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                    times.add(System.nanoTime() - s);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        System.out.printf("%-42s %8.0f webhooks/s   answer p50 %.2f ms  p99 %.2f ms  max %.1f ms  (%d failed)%n", name,
                requests / secs, sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6,
                sorted.get(sorted.size() - 1) / 1e6, failures.get());
    }
}
