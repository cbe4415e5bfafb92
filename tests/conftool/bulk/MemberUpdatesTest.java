package conftool.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.client.ConferenceClient;
import conftool.client.RateGate;
import conftool.model.ConferenceMember;
import conftool.model.MemberUpdate;
import conftool.support.TestSimulator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a stop (Ctrl-C, SIGTERM) does to a bulk update: nothing more is sent, and every line says what happened. */
class MemberUpdatesTest {

    @Test
    void aStopSendsNothingMoreEvenWhatWaitsAtTheGateAndSaysSo() throws Exception {
        try (TestSimulator t = new TestSimulator()) {
            String conf = t.sim.world().createConference("slow", null, null, false);
            List<String> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(t.sim.world().join(conf, "+1555"));
            }
            // one request every 2 s: after the first, every other thread waits at the gate
            RateGate gate = new RateGate(0.5, 1, Clock.systemUTC());
            ConferenceClient client = t.clientBuilder().gate(gate).build();
            List<ConferenceMember> members = client.conference(conf).members();
            try (MemberUpdates updates = new MemberUpdates(client, gate, conf, new MemberUpdate(true, null, null),
                    4)) {
                CompletableFuture<List<MemberResult>> running = CompletableFuture.supplyAsync(() ->
                        updates.run(members, List.of(), false));
                long start = System.nanoTime();
                while (t.sim.requests().stream().noneMatch(r -> r.startsWith("PUT "))) {
                    assertTrue(System.nanoTime() - start < 10_000_000_000L, "no update sent in 10 s");
                    Thread.sleep(10);
                }
                updates.stop();
                List<MemberResult> results = running.get(10, TimeUnit.SECONDS);
                long sent = t.sim.requests().stream().filter(r -> r.startsWith("PUT ")).count();
                long done = results.stream().filter(r -> r.result().equals(MemberResult.DONE)).count();
                long notSent = results.stream().filter(r -> r.result().equals(MemberResult.NOT_SENT)).count();
                assertEquals(8, results.size());
                assertEquals(sent, done, "every update sent is reported done, and only those: " + results);
                assertEquals(8 - done, notSent, results.toString());
                long muted = calls.stream().filter(c -> t.sim.world().isMuted(conf, c)).count();
                assertEquals(done, muted, "what the lines say is what the conference shows");
                // the first was sent, perhaps a second at its turn; the three others on threads waited at the gate
                assertTrue(notSent >= 6, "those waiting at the gate were not sent either: " + results);
            }
        }
    }
}
