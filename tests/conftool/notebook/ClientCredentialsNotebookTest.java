package conftool.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.client.Profiles;
import conftool.sim.Simulator;
import conftool.sim.World;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A notebook connected with client credentials: its background watch renews tokens for as long as it runs. */
class ClientCredentialsNotebookTest {

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aBackgroundWatchRenewsShortLivedTokensAndSurvivesARevocation(@TempDir Path cache) throws Exception {
        try (Simulator sim = Simulator.builder().clientCredentials("nb-client", "nb-s3cret").oauthOnly(true)
                .tokenTtl(Duration.ofSeconds(2)).start()) {
            Conf conf = Conf.to(new Profiles(Map.of("BW_CLIENT_ID", "nb-client", "BW_CLIENT_SECRET", "nb-s3cret",
                    "BW_ACCOUNT_ID", sim.accountId(), "CONF_BASE_URL", sim.baseUrl(), "CONF_TOKEN_URL",
                    sim.tokenUrl(), "CONF_CONFIG", "/nonexistent/x", "XDG_CACHE_HOME", cache.toString()))
                    .resolve(null, null, null));
            try (conf) {
                Watch watch = conf.watch(World.SEED_CONFERENCE_ID).every(Duration.ofMillis(250)).start();
                // conditions, not sleeps: a busy machine polls late, but the watch must get there all the same
                awaitTrue(() -> sim.tokens().requests() >= 2, "a token renewed before it expired");
                sim.tokens().revokeAll();
                int polls = sim.requests().size();
                awaitTrue(() -> sim.requests().size() >= polls + 3, "polls after the revocation");
                WatchResult result = watch.stop();
                assertEquals(java.util.List.of(), result.problems().stream()
                        .toList(), "no failed poll: " + result);
                assertTrue(sim.refusals() <= 1, "only the revoked token may have been refused; the others renewed in"
                        + " time: " + sim.refusals());
                assertTrue(sim.tokens().requests() >= 3, "renewed, and after the revocation: "
                        + sim.tokens().requests());
                assertEquals("myconf", conf.conference(World.SEED_CONFERENCE_ID).name());
            }
        }
    }
}
