package conftool.cli;

import conftool.sim.Simulator;
import conftool.sim.World;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Serve a local Bandwidth Voice API simulator for ops scripts and hooks.", "",
                "It listens on 127.0.0.1 only, with an OAuth token endpoint on a port of its own; takes"
                + " BW_CLIENT_ID/BW_CLIENT_SECRET, BW_USERNAME/BW_PASSWORD and BW_ACCOUNT_ID when set (else makes"
                + " its own), holds the documentation's example conference plus conferences that live on their own,"
                + " and runs until Ctrl-C."})
final class SimulateCommand implements Callable<Integer> {

    @ParentCommand
    ConfCommand conf;

    @Option(names = "--port", defaultValue = "0", description = "TCP port on 127.0.0.1 (default: a free one).")
    int port;

    @Option(names = "--conferences", defaultValue = "3", paramLabel = "N",
            description = "Living conferences besides the example one (default: ${DEFAULT-VALUE}).")
    int conferences;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed of the living conferences.")
    long seed;

    @Option(names = "--webhook-url", paramLabel = "URL",
            description = "Send the living conferences' webhooks here (loopback http only), e.g. to `conf listen`;"
                    + " with CONF_LISTEN_USERNAME/CONF_LISTEN_PASSWORD as their Basic credentials when set.")
    String webhookUrl;

    @Option(names = "--token-ttl", defaultValue = "1h", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the tokens it issues live (default: ${DEFAULT-VALUE}, as Bandwidth's).")
    java.time.Duration tokenTtl;

    @Option(names = "--oauth-only", description = "Refuse Basic authentication, as Bandwidth will once API users are"
            + " gone: Bearer tokens only.")
    boolean oauthOnly;

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = conf.env();
        boolean ownCredentials = notBlank(env.get("BW_USERNAME")) && notBlank(env.get("BW_PASSWORD"));
        boolean ownClient = notBlank(env.get("BW_CLIENT_ID")) && notBlank(env.get("BW_CLIENT_SECRET"));
        if (tokenTtl.isNegative() || tokenTtl.isZero()) {
            throw new conftool.client.ConfException.InvalidInput("--token-ttl must be more than 0, e.g. 1h or 30s");
        }
        Simulator.Builder b = Simulator.builder().port(port).seed(seed).livingConferences(conferences)
                .tokenTtl(tokenTtl).oauthOnly(oauthOnly);
        if (ownClient) {
            b.clientCredentials(env.get("BW_CLIENT_ID"), env.get("BW_CLIENT_SECRET"));
        }
        if (webhookUrl != null) {
            java.net.URI u = java.net.URI.create(webhookUrl);
            if (!"http".equals(u.getScheme()) || u.getHost() == null || !conftool.client.BaseUrl.isLoopback(u.getHost())) {
                throw new conftool.client.ConfException.InvalidInput("--webhook-url must be an http URL on loopback,"
                        + " e.g. http://127.0.0.1:8080/");
            }
            b.webhooks(webhookUrl, env.get("CONF_LISTEN_USERNAME"), env.get("CONF_LISTEN_PASSWORD"));
        }
        String account = notBlank(env.get("BW_ACCOUNT_ID")) ? env.get("BW_ACCOUNT_ID") : "9900000";
        if (ownCredentials) {
            b.credentials(env.get("BW_USERNAME"), env.get("BW_PASSWORD"), account);
        }
        Simulator sim;
        try {
            sim = b.start();
        } catch (java.net.BindException e) {
            throw new conftool.client.ConfException.InvalidInput("port " + port + " on 127.0.0.1 is taken: choose"
                    + " another with --port, or --port 0 for a free one");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }));
        PrintWriter out = conf.out();
        out.println("Bandwidth Voice API simulator listening on " + sim.baseUrl());
        out.println("OAuth token endpoint on " + sim.tokenUrl() + " (tokens live "
                + conftool.model.Durations.format(tokenTtl) + ")");
        out.println("account " + sim.accountId() + ", " + (conferences + 1) + " conferences; Ctrl-C stops it.");
        out.println();
        out.println("Point conf at it from another shell:");
        out.println("BW_CLIENT_ID=" + Shell.quote(sim.clientId()) + " BW_CLIENT_SECRET="
                + (ownClient ? "\"$BW_CLIENT_SECRET\"" : Shell.quote(sim.clientSecret()))
                + " BW_ACCOUNT_ID=" + Shell.quote(sim.accountId()));
        out.println("export BW_CLIENT_ID BW_CLIENT_SECRET BW_ACCOUNT_ID CONF_BASE_URL=" + sim.baseUrl()
                + " CONF_TOKEN_URL=" + sim.tokenUrl());
        out.println("conf get " + World.SEED_CONFERENCE_ID + "    # from a checkout: ./jbang conf.java get …");
        out.println("conf list");
        if (!oauthOnly) {
            out.println();
            out.println("Legacy Basic credentials work too (--oauth-only refuses them):");
            out.println("BW_USERNAME=" + Shell.quote(sim.username()) + " BW_PASSWORD="
                    + (ownCredentials ? "\"$BW_PASSWORD\"" : Shell.quote(sim.password()))
                    + " BW_ACCOUNT_ID=" + Shell.quote(sim.accountId()));
        }
        out.flush();
        stopped.await();
        return ExitCode.OK;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
