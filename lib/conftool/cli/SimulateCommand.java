package conftool.cli;

import conftool.sim.Simulator;
import conftool.sim.World;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Serve a local Bandwidth Voice API simulator for ops scripts and hooks.", "",
                "It listens on 127.0.0.1 only, takes BW_USERNAME/BW_PASSWORD/BW_ACCOUNT_ID when set (else "
                + "makes its own), holds the documentation's example conference plus conferences that live on "
                + "their own, and runs until Ctrl-C."})
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

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = conf.env();
        boolean ownCredentials = notBlank(env.get("BW_USERNAME")) && notBlank(env.get("BW_PASSWORD"));
        // the conferences live on the wall clock, whether or not anyone polls
        Simulator.Builder b = Simulator.builder().port(port).seed(seed).livingConferences(conferences)
                .tick(java.time.Duration.ofSeconds(1));
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
        // Ctrl-C or SIGTERM ends it as it ends watch and listen: stopped cleanly, exit 0
        CountDownLatch stopped = new CountDownLatch(1);
        List<Runnable> restore = Signals.onStop(stopped::countDown);
        PrintWriter out = conf.out();
        out.println("Bandwidth Voice API simulator listening on " + sim.baseUrl());
        out.println("account " + sim.accountId() + ", " + (conferences + 1) + " conferences; Ctrl-C stops it.");
        out.println();
        out.println("Point conf at it from another shell:");
        out.println("BW_USERNAME=" + Shell.quote(sim.username()) + " BW_PASSWORD="
                + (ownCredentials ? "\"$BW_PASSWORD\"" : Shell.quote(sim.password()))
                + " BW_ACCOUNT_ID=" + Shell.quote(sim.accountId()));
        out.println("export BW_USERNAME BW_PASSWORD BW_ACCOUNT_ID CONF_BASE_URL=" + sim.baseUrl());
        out.println("conf get " + World.SEED_CONFERENCE_ID + "    # from a checkout: ./jbang conf.java get …");
        out.println("conf list");
        out.flush();
        try {
            stopped.await();
        } finally {
            sim.close();
            restore.forEach(Runnable::run);
        }
        return ExitCode.OK;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
