package conftool.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.cli.ExitCode;
import conftool.sim.World;
import conftool.support.Cli;
import conftool.support.Http;
import conftool.support.Needed;
import conftool.support.Prism;
import conftool.support.TestSimulator;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Holds conf and the simulator against Bandwidth's official OpenAPI file, through Prism: conf against an
 * independent mock of the file, and every kind of simulator answer through Prism's validating proxy, which fails
 * any answer (status, header or body) that the file does not allow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractTest {

    private static final String SEED = World.SEED_CONFERENCE_ID;
    private static final String SPEC_CONF = "conf-fe23a767-a75a5b77-20c5-4cca-b581-cbbf0776eca9";

    private TestSimulator sim;
    private Prism mock;
    private Prism proxy;

    @BeforeAll
    void start() throws Exception {
        Needed.tool(Prism.openApiFile() != null, "the official OpenAPI file is not at ../shared/reference/");
        Needed.tool(Prism.binary() != null, "Prism is not installed: npm install --prefix ~/.cache/conf-prism"
                + " @stoplight/prism-cli@5.14.2 (.ci/run does it)");
        sim = new TestSimulator(2);
        mock = Prism.mock();
        proxy = Prism.validatingProxy(sim.sim.baseUrl());
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {proxy, mock, sim}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void confWorksAgainstAnIndependentMockOfTheOfficialFile() {
        Cli cli = new Cli();
        Prism.env(mock.baseUrl()).forEach(cli::env);
        var get = cli.run("get", SPEC_CONF, "-o", "table");
        assertEquals(0, get.exitCode(), get.err());
        assertTrue(get.out().contains("my-conference-name"), get.out());
        assertEquals(0, cli.run("list", "--name", "x", "--page-size", "5", "-o", "json").exitCode());
        var member = cli.run("member", SPEC_CONF, "c-15ac29a2-1331029c-2cb0-4a07-b215-b22865662d85", "--mute",
                "--coach", "c-25ac29a2-1331029c-2cb0-4a07-b215-b22865662d85", "-o", "json");
        assertEquals(0, member.exitCode(), member.err());
        var recordings = cli.run("recordings", SPEC_CONF, "-o", "ndjson");
        assertEquals(0, recordings.exitCode(), recordings.err());
        assertEquals(0, cli.run("recordings", SPEC_CONF, "r-fbe05094-9fd2afe9-bf5b-4c68-820a-41a01c1c5833").exitCode());
        var end = cli.run("end", SPEC_CONF);
        assertEquals(0, end.exitCode(), end.err());
        var redirect = cli.run("redirect", SPEC_CONF, "--url", "https://my.example/redirect");
        assertEquals(0, redirect.exitCode(), redirect.err());
    }

    @Test
    void confWithABearerTokenWorksAgainstTheMockOfTheFilesOAuth2Scheme(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path cache) {
        // The file's global security lists Basic and OAuth2; the token comes from the simulator's token endpoint.
        Cli cli = Cli.withClientCredentials(sim, cache).env("CONF_BASE_URL", mock.baseUrl());
        int before = sim.sim.tokens().requests();
        var get = cli.run("-v", "get", SPEC_CONF, "-o", "json");
        assertEquals(0, get.exitCode(), get.err());
        assertTrue(get.err().contains("Authorization: Bearer ***"), get.err());
        var member = cli.run("member", SPEC_CONF, "c-15ac29a2-1331029c-2cb0-4a07-b215-b22865662d85", "--mute");
        assertEquals(0, member.exitCode(), member.err());
        assertEquals(0, cli.run("list", "--page-size", "5", "-o", "json").exitCode());
        assertEquals(before + 1, sim.sim.tokens().requests());
    }

    @Test
    void bearerTokenRequestsOverTheValidatingProxyGetOnlyAnswersTheFileAllows(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path cache) {
        Cli cli = Cli.withClientCredentials(sim, cache).env("CONF_BASE_URL", proxy.baseUrl());
        for (List<String> args : List.of(List.of("get", SEED), List.of("list", "--page-size", "2"),
                List.of("member", SEED, World.SEED_OTHER_CALL_ID, "--unhold"), List.of("recordings", SEED))) {
            var r = cli.run(args);
            assertEquals(0, r.exitCode(), args + ": " + r.err());
        }
        sim.sim.tokens().revokeAll();
        var afterRevocation = cli.run("get", SEED);
        assertEquals(0, afterRevocation.exitCode(), "the proxy passes the 401 back; conf refreshes and retries: "
                + afterRevocation.err());
    }

    @Test
    void confOverTheValidatingProxyGetsOnlyAnswersTheFileAllows() {
        Cli cli = new Cli();
        Prism.env(proxy.baseUrl()).forEach(cli::env);
        for (List<String> args : List.of(List.of("get", SEED), List.of("list", "--page-size", "2"),
                List.of("member", SEED, World.SEED_OTHER_CALL_ID, "--hold"), List.of("recordings", SEED))) {
            var r = cli.run(args);
            assertEquals(0, r.exitCode(), args + ": " + r.err());
        }
        assertEquals(ExitCode.NOT_FOUND, cli.run("get", "conf-nope").exitCode());
    }

    @Test
    void everyKindOfSimulatorAnswerMatchesTheOfficialFile() {
        String base = proxy.baseUrl() + "/accounts/" + TestSimulator.ACCOUNT + "/conferences";
        String seed = base + "/" + SEED;
        String rec = "r-fbe05094-9fd2f762-b6b4-4c2a-9cb6-ffbd4ef1c45d";
        String json = "application/json";
        String auth = Http.auth();
        record Call(String method, String url, String auth, String type, String body, int status) {
        }
        List<Call> calls = List.of(
                new Call("GET", base, auth, null, null, 200),
                new Call("GET", base + "?pageSize=1", auth, null, null, 200),
                new Call("GET", base + "?name=myconf&minCreatedTime=2020-01-01T00:00:00Z", auth, null, null, 200),
                new Call("GET", seed, auth, null, null, 200),
                new Call("GET", seed + "/members/" + World.SEED_MUTED_CALL_ID, auth, null, null, 200),
                new Call("PUT", seed + "/members/" + World.SEED_MUTED_CALL_ID, auth, json, "{\"mute\":false}", 204),
                new Call("GET", seed + "/recordings", auth, null, null, 200),
                new Call("GET", seed + "/recordings/" + rec, auth, null, null, 200),
                new Call("GET", seed + "/recordings/" + rec + "/media", auth, null, null, 200),
                new Call("PUT", seed + "/bxml", auth, "application/xml", "<Bxml><SpeakSentence>Hi</SpeakSentence></Bxml>",
                        204),
                new Call("POST", seed, auth, json, "{\"status\":\"active\",\"redirectUrl\":\"https://x.example/r\"}",
                        204),
                new Call("GET", base + "/conf-nope", auth, null, null, 404),
                new Call("GET", seed + "/members/c-nobody", auth, null, null, 404),
                new Call("GET", seed, Http.basic(TestSimulator.USER, "wrong"), null, null, 401),
                new Call("GET", proxy.baseUrl() + "/accounts/1234567/conferences", auth, null, null, 403),
                new Call("PUT", seed + "/members/" + World.SEED_OTHER_CALL_ID, auth, json,
                        "{\"callIdsToCoach\":[\"" + World.SEED_MUTED_CALL_ID + "\"]}", 400),
                new Call("POST", seed, auth, json, "{\"status\":\"completed\"}", 204),
                new Call("GET", seed, auth, null, null, 200));
        for (Call c : calls) {
            HttpResponse<String> r = Http.send(c.method(), c.url(), c.auth(), c.type(), c.body());
            String what = c.method() + " " + c.url() + " -> " + r.statusCode() + " " + r.body();
            assertTrue(r.headers().firstValue("sl-violations").isEmpty(),
                    what + "\nviolations: " + r.headers().firstValue("sl-violations").orElse(""));
            assertEquals(c.status(), r.statusCode(), what);
        }
    }
}
