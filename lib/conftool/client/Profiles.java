package conftool.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Finds the credentials, account and base URL to use.
 *
 * <p>Order: a profile named with {@code --profile}; else {@code BW_USERNAME}/{@code BW_PASSWORD}/{@code BW_ACCOUNT_ID};
 * else the {@code default} profile (or {@code CONF_PROFILE}) of the config file. {@code --account} overrides the
 * account; {@code --base-url} beats {@code CONF_BASE_URL}, which beats the profile's {@code base-url}.
 *
 * <p>The config file ({@code CONF_CONFIG}, else {@code $XDG_CONFIG_HOME/conf/config}, else
 * {@code ~/.config/conf/config}) holds INI sections:
 * <pre>
 * [default]
 * username = api-user
 * password = …
 * account = 9900000
 * base-url = https://voice.bandwidth.com/api/v2
 * </pre>
 * It is refused while its group or others may read it, as ssh does with private keys.
 */
public final class Profiles {

    /** What a command needs to reach the API. */
    public record Target(Credentials credentials, String baseUrl) {
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
        Map<String, String> source;
        String origin;
        if (profile != null) {
            source = profile(profile, true);
            origin = "profile [" + profile + "] of " + configFile();
        } else if (has("BW_USERNAME") || has("BW_PASSWORD")) {
            requireEnv("BW_USERNAME");
            requireEnv("BW_PASSWORD");
            source = Map.of("username", env.get("BW_USERNAME"), "password", env.get("BW_PASSWORD"),
                    "account", env.getOrDefault("BW_ACCOUNT_ID", ""));
            origin = "the environment";
        } else {
            String name = has("CONF_PROFILE") ? env.get("CONF_PROFILE") : "default";
            source = profile(name, has("CONF_PROFILE"));
            if (source == null) {
                throw new ConfException.MissingCredentials("no credentials: set BW_USERNAME, BW_PASSWORD and"
                        + " BW_ACCOUNT_ID, or write a [default] profile in " + configFile()
                        + " (chmod 600). `conf demo` runs without any, against the built-in simulator");
            }
            origin = "profile [" + name + "] of " + configFile();
        }
        String user = source.getOrDefault("username", "");
        String password = source.getOrDefault("password", "");
        if (user.isBlank() || password.isBlank()) {
            throw new ConfException.MissingCredentials("the " + origin + " has no " + (user.isBlank() ? "username" : "password"));
        }
        if (user.indexOf(':') >= 0) {
            throw new ConfException.MissingCredentials("the username from " + origin + " contains ':', which Basic"
                    + " authentication cannot carry (it separates the username from the password): check the username");
        }
        String acct = account != null ? account : source.getOrDefault("account", "");
        if (acct == null || acct.isBlank()) {
            throw new ConfException.MissingCredentials("no account id: set BW_ACCOUNT_ID, pass --account, or add"
                    + " 'account =' to the profile");
        }
        Ids.check("account id", acct);
        String url = baseUrl != null ? baseUrl
                : has("CONF_BASE_URL") ? env.get("CONF_BASE_URL")
                : source.getOrDefault("base-url", BaseUrl.DEFAULT);
        return new Target(new Credentials(user, password, acct), BaseUrl.check(url));
    }

    private boolean has(String name) {
        String v = env.get(name);
        return v != null && !v.isEmpty();
    }

    private void requireEnv(String name) {
        if (!has(name)) {
            throw new ConfException.MissingCredentials(name + " is not set: BW_USERNAME and BW_PASSWORD go together");
        }
    }

    /** The named section, or null when the file or section is missing and {@code required} is false. */
    private Map<String, String> profile(String name, boolean required) {
        Path file = configFile();
        if (!Files.exists(file)) {
            if (required) {
                throw new ConfException.MissingCredentials("profile [" + name + "] asked for, but " + file
                        + " does not exist: write it with a [" + name + "] section (username, password, account),"
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
                    + " it, and it holds a password. Run: chmod 600 " + file);
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
