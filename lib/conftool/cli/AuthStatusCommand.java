package conftool.cli;

import conftool.client.AccessToken;
import conftool.client.ApiJson;
import conftool.client.Credentials;
import conftool.client.Profiles;
import conftool.client.TokenCache;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * Which credentials a command would use and from where, as {@code gh auth status} does: kind, client id or username,
 * account, URLs, and whether a cached token is valid and until when. It reads files only: no request is made, and
 * no secret or token is ever printed.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the credentials in effect, where they come from, and the cached token's validity."
                + " Makes no request; never shows a secret.")
final class AuthStatusCommand implements Callable<Integer> {

    @ParentCommand
    AuthCommand auth;

    @Override
    public Integer call() throws Exception {
        ConfCommand conf = auth.conf;
        Profiles.Target target = conf.target();
        Credentials c = target.credentials();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("kind", c instanceof Credentials.ClientCredentials ? "client-credentials" : "basic");
        status.put(c instanceof Credentials.ClientCredentials ? "clientId" : "username", c.identity());
        status.put("account", c.accountId());
        status.put("source", target.origin());
        status.put("baseUrl", target.baseUrl());
        List<String> lines = new ArrayList<>();
        lines.add("conf is set up with " + c.kind() + " for " + (c instanceof Credentials.ClientCredentials
                ? "client id " : "user ") + c.identity() + ", account " + c.accountId());
        lines.add("  - from: " + target.origin());
        lines.add("  - API: " + target.baseUrl());
        if (c instanceof Credentials.ClientCredentials client) {
            status.put("tokenUrl", client.tokenUrl());
            lines.add("  - token URL: " + client.tokenUrl());
            lines.add("  - client secret: ***");
            if (target.tokenCache() == null) {
                status.put("tokenCache", null);
                lines.add("  - token: kept in memory only (--no-token-cache or the profile's token-cache = false);"
                        + " each command asks for its own");
            } else {
                tokenLines(target.tokenCache(), client, status, lines);
            }
        } else {
            lines.add("  - password: ***");
            lines.add("  - note: username and password are Bandwidth's legacy credentials; set BW_CLIENT_ID and"
                    + " BW_CLIENT_SECRET (API credentials from the Bandwidth App) to move to OAuth");
        }
        if (target.unused() != null) {
            status.put("unused", target.unused());
            lines.add("  - " + target.unused());
        }
        PrintWriter out = conf.out();
        if (conf.streamsJson() && conf.output != null) {
            out.println(ApiJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(status));
        } else {
            // ids, paths and reasons come from the environment and files: shown, never obeyed
            lines.forEach(l -> out.println(conftool.output.Inert.text(l)));
        }
        out.flush();
        return ExitCode.OK;
    }

    private static void tokenLines(java.nio.file.Path dir, Credentials.ClientCredentials client,
            Map<String, Object> status, List<String> lines) {
        List<String> why = new ArrayList<>();
        TokenCache cache = new TokenCache(dir, why::add);
        String key = TokenCache.key(client);
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("file", cache.file(key).toString());
        AccessToken cached = cache.read(key);
        Instant now = Instant.now();
        if (cached == null) {
            token.put("valid", false);
            String reason = why.isEmpty() ? "none" : why.get(why.size() - 1);
            lines.add("  - cached token: none usable (" + reason + "); the next command asks for one");
        } else {
            boolean fresh = cached.fresh(now);
            token.put("valid", fresh);
            token.put("expiresAt", cached.expiresAt().toString());
            token.put("renewsAt", cached.refreshAt().toString());
            lines.add(fresh
                    ? "  - cached token: valid until " + cached.expiresAt() + " (" + left(now, cached.expiresAt())
                            + " left; renewed from " + cached.refreshAt() + "), in " + cache.file(key)
                    : "  - cached token: expired or about to (" + cached.expiresAt()
                            + "); the next command asks for a new one");
        }
        status.put("tokenCache", token);
    }

    private static String left(Instant now, Instant until) {
        Duration d = Duration.between(now, until);
        long minutes = d.toMinutes();
        return minutes >= 1 ? minutes + " min" : Math.max(0, d.toSeconds()) + " s";
    }
}
