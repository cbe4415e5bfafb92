package conftool.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Finds the credentials, account, base URL and token settings to use.
 *
 * <p>Order: a profile named with {@code --profile}; else the environment, client credentials
 * ({@code BW_CLIENT_ID}/{@code BW_CLIENT_SECRET}) before the legacy {@code BW_USERNAME}/{@code BW_PASSWORD}; else the
 * {@code default} profile (or {@code CONF_PROFILE}) of the config file. Within one source, client credentials win
 * when both kinds are set. {@code --account} overrides the account; {@code --base-url} beats {@code CONF_BASE_URL},
 * which beats the profile's {@code base-url}; {@code --token-url} beats {@code CONF_TOKEN_URL}, which beats the
 * profile's {@code token-url}.
 *
 * <p>The config file ({@code CONF_CONFIG}, else {@code $XDG_CONFIG_HOME/conf/config}, else
 * {@code ~/.config/conf/config}) holds INI sections:
 * <pre>
 * [default]
 * client-id = …
 * client-secret = …
 * account = 9900000
 * token-url = https://api.bandwidth.com/api/v1/oauth2/token
 * token-cache = true
 * base-url = https://voice.bandwidth.com/api/v2
 * </pre>
 * ({@code username} and {@code password} for a legacy API user.) It is refused while its group or others may read it,
 * as ssh does with private keys.
 */
public final class Profiles {

    /**
     * What a command needs to reach the API.
     *
     * @param origin     where the credentials came from, for --verbose and {@code auth status}
     * @param tokenCache the folder tokens are shared through between runs; null keeps them in memory
     * @param unused     credentials that were found as well but lost to these, or null
     */
    public record Target(Credentials credentials, String baseUrl, String origin, Path tokenCache, String unused) {
        public Target(Credentials credentials, String baseUrl) {
            this(credentials, baseUrl, null, null, null);
        }
    }

    /** What the command line asks for; null where it does not. */
    public record Options(String profile, String account, String baseUrl, String tokenUrl, boolean noTokenCache) {
    }

    private final Map<String, String> env;

    public Profiles(Map<String, String> env) {
        this.env = env;
    }

    public static Profiles fromEnvironment() {
        return new Profiles(System.getenv());
    }

    public Path configFile() {
        String explicit = env.get("CONF_CONFIG");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("conf").resolve("config");
    }

    /**
     * @param profile  the profile asked for with {@code --profile}, or null
     * @param account  the account asked for with {@code --account}, or null
     * @param baseUrl  the base URL asked for with {@code --base-url}, or null
     */
    public Target resolve(String profile, String account, String baseUrl) {
        return resolve(new Options(profile, account, baseUrl, null, false));
    }

    public Target resolve(Options asked) {
        Map<String, String> source;
        String origin;
        boolean fromEnv = false;
        if (asked.profile() != null) {
            source = profile(asked.profile(), true);
            origin = "profile [" + asked.profile() + "] of " + configFile();
        } else if (has("BW_CLIENT_ID") || has("BW_CLIENT_SECRET")) {
            requireEnv("BW_CLIENT_ID", "BW_CLIENT_SECRET");
            requireEnv("BW_CLIENT_SECRET", "BW_CLIENT_ID");
            source = new LinkedHashMap<>();
            source.put("client-id", env.get("BW_CLIENT_ID"));
            source.put("client-secret", env.get("BW_CLIENT_SECRET"));
            if (has("BW_USERNAME") || has("BW_PASSWORD")) {
                source.put("username", env.getOrDefault("BW_USERNAME", ""));
            }
            source.put("account", env.getOrDefault("BW_ACCOUNT_ID", ""));
            origin = "the environment (BW_CLIENT_ID, BW_CLIENT_SECRET)";
            fromEnv = true;
        } else if (has("BW_USERNAME") || has("BW_PASSWORD")) {
            requireEnv("BW_USERNAME", "BW_PASSWORD");
            requireEnv("BW_PASSWORD", "BW_USERNAME");
            source = Map.of("username", env.get("BW_USERNAME"), "password", env.get("BW_PASSWORD"),
                    "account", env.getOrDefault("BW_ACCOUNT_ID", ""));
            origin = "the environment (BW_USERNAME, BW_PASSWORD)";
            fromEnv = true;
        } else {
            String name = has("CONF_PROFILE") ? env.get("CONF_PROFILE") : "default";
            source = profile(name, has("CONF_PROFILE"));
            if (source == null) {
                throw new ConfException.MissingCredentials("no credentials: set BW_CLIENT_ID, BW_CLIENT_SECRET and"
                        + " BW_ACCOUNT_ID, or write a [default] profile in " + configFile()
                        + " (chmod 600). `conf demo` runs without any, against the built-in simulator");
            }
            origin = "profile [" + name + "] of " + configFile();
        }
        String acct = asked.account() != null ? asked.account() : source.getOrDefault("account", "");
        if (acct == null || acct.isBlank()) {
            throw new ConfException.MissingCredentials("no account id: set BW_ACCOUNT_ID, pass --account, or add"
                    + " 'account =' to the profile");
        }
        Ids.check("account id", acct);
        String url = asked.baseUrl() != null ? asked.baseUrl()
                : has("CONF_BASE_URL") ? env.get("CONF_BASE_URL")
                : fromEnv ? BaseUrl.DEFAULT
                : source.getOrDefault("base-url", BaseUrl.DEFAULT);
        String clientId = source.getOrDefault("client-id", "");
        String clientSecret = source.getOrDefault("client-secret", "");
        if (!clientId.isBlank() || !clientSecret.isBlank()) {
            if (clientId.isBlank() || clientSecret.isBlank()) {
                throw new ConfException.MissingCredentials("the " + origin + " has no "
                        + (clientId.isBlank() ? "client-id" : "client-secret") + ": client-id and client-secret go"
                        + " together");
            }
            String tokenUrl = asked.tokenUrl() != null ? asked.tokenUrl()
                    : has("CONF_TOKEN_URL") ? env.get("CONF_TOKEN_URL")
                    : fromEnv ? TokenEndpoint.DEFAULT_URL
                    : source.getOrDefault("token-url", TokenEndpoint.DEFAULT_URL);
            boolean cache = !asked.noTokenCache() && !"false".equalsIgnoreCase(source.getOrDefault("token-cache", "true"));
            String unused = source.containsKey("username") || source.containsKey("password")
                    ? (fromEnv ? "BW_USERNAME/BW_PASSWORD" : "the profile's username/password")
                            + " are set too and not used: client credentials win"
                    : null;
            return new Target(Credentials.clientCredentials(clientId, clientSecret, BaseUrl.checkTokenUrl(tokenUrl),
                    acct), BaseUrl.check(url), origin, cache ? TokenCache.defaultDir(env) : null, unused);
        }
        String user = source.getOrDefault("username", "");
        String password = source.getOrDefault("password", "");
        if (user.isBlank() || password.isBlank()) {
            throw new ConfException.MissingCredentials("the " + origin + " has no " + (user.isBlank() ? "username" : "password")
                    + " (nor client-id and client-secret)");
        }
        if (user.indexOf(':') >= 0) {
            throw new ConfException.MissingCredentials("the username from " + origin + " contains ':', which Basic"
                    + " authentication cannot carry (it separates the username from the password): check the username");
        }
        return new Target(Credentials.basic(user, password, acct), BaseUrl.check(url), origin, null, null);
    }

    private boolean has(String name) {
        String v = env.get(name);
        return v != null && !v.isEmpty();
    }

    private void requireEnv(String name, String partner) {
        if (!has(name)) {
            throw new ConfException.MissingCredentials(name + " is not set: " + partner + " and " + name
                    + " go together");
        }
    }

    /** The named section, or null when the file or section is missing and {@code required} is false. */
    private Map<String, String> profile(String name, boolean required) {
        Path file = configFile();
        if (!Files.exists(file)) {
            if (required) {
                throw new ConfException.MissingCredentials("profile [" + name + "] asked for, but " + file
                        + " does not exist: write it with a [" + name + "] section (client-id, client-secret, account),"
                        + " then chmod 600 it");
            }
            return null;
        }
        refuseIfReadableByOthers(file);
        Map<String, Map<String, String>> sections = parse(file);
        Map<String, String> section = sections.get(name);
        if (section == null && required) {
            throw new ConfException.MissingCredentials("no profile [" + name + "] in " + file + "; it has "
                    + (sections.isEmpty() ? "none" : String.join(", ", sections.keySet())));
        }
        return section;
    }

    private static void refuseIfReadableByOthers(Path file) {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return;
        } catch (IOException e) {
            throw new ConfException.MissingCredentials("cannot read " + file + ": " + e.getMessage());
        }
        if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)
                || perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new ConfException.MissingCredentials("refusing to read " + file + ": other users can read or change"
                    + " it, and it holds secrets. Run: chmod 600 " + file);
        }
    }

    private static Map<String, Map<String, String>> parse(Path file) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        int lineNo = 0;
        try {
            for (String raw : Files.readAllLines(file)) {
                lineNo++;
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                    continue;
                }
                if (line.startsWith("[") && line.endsWith("]")) {
                    current = sections.computeIfAbsent(line.substring(1, line.length() - 1).strip(),
                            k -> new LinkedHashMap<>());
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq < 0 || current == null) {
                    throw new ConfException.MissingCredentials(file + " line " + lineNo
                            + ": expected '[profile]' or 'key = value'");
                }
                current.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        } catch (IOException e) {
            throw new ConfException.MissingCredentials("cannot read " + file + ": " + e.getMessage());
        }
        return sections;
    }
}
