package conftool.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilesTest {

    @Test
    void environmentCredentialsAreUsedWithTheDefaultBaseUrl() {
        var t = new Profiles(Map.of("BW_USERNAME", "u", "BW_PASSWORD", "p", "BW_ACCOUNT_ID", "42",
                "CONF_CONFIG", "/nonexistent")).resolve(null, null, null);
        assertEquals(Credentials.basic("u", "p", "42"), t.credentials());
        assertEquals(BaseUrl.DEFAULT, t.baseUrl());
    }

    @Test
    void accountAndBaseUrlOptionsWin() {
        var t = new Profiles(Map.of("BW_USERNAME", "u", "BW_PASSWORD", "p", "BW_ACCOUNT_ID", "42",
                "CONF_BASE_URL", "http://127.0.0.1:9/api/v2")).resolve(null, "43", "https://example.org/v2/");
        assertEquals("43", t.credentials().accountId());
        assertEquals("https://example.org/v2", t.baseUrl());
    }

    @Test
    void theEnvironmentBeatsTheDefaultProfileButNotANamedOne(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config");
        Files.writeString(config, "# comment\n[default]\nusername=d\npassword=dp\naccount=1\n\n[ops]\nusername=o\n"
                + "password = o p\naccount = 2\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        var env = Map.of("BW_USERNAME", "u", "BW_PASSWORD", "p", "BW_ACCOUNT_ID", "42", "CONF_CONFIG", config.toString());
        assertEquals("u", basic(new Profiles(env).resolve(null, null, null)).username());
        assertEquals("o p", basic(new Profiles(env).resolve("ops", null, null)).password());
        assertEquals("d", basic(new Profiles(Map.of("CONF_CONFIG", config.toString())).resolve(null, null, null))
                .username());
    }

    @Test
    void aConfigFileOthersCanReadIsRefused(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config");
        Files.writeString(config, "[default]\nusername=d\npassword=dp\naccount=1\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r-----"));
        var e = assertThrows(ConfException.MissingCredentials.class,
                () -> new Profiles(Map.of("CONF_CONFIG", config.toString())).resolve(null, null, null));
        assertTrue(e.getMessage().contains("chmod 600 " + config), e.getMessage());
        assertFalse(e.getMessage().contains("dp"));
    }

    @Test
    void aMissingAccountIsNamed() {
        var e = assertThrows(ConfException.MissingCredentials.class,
                () -> new Profiles(Map.of("BW_USERNAME", "u", "BW_PASSWORD", "p")).resolve(null, null, null));
        assertTrue(e.getMessage().contains("BW_ACCOUNT_ID"), e.getMessage());
    }

    private static Credentials.Basic basic(Profiles.Target t) {
        return (Credentials.Basic) t.credentials();
    }

    @Test
    void credentialsNeverPrintTheirSecrets() {
        assertFalse(Credentials.basic("u", "hunter2", "1").toString().contains("hunter2"));
        String client = Credentials.clientCredentials("id-1", "hunter3", TokenEndpoint.DEFAULT_URL, "1").toString();
        assertFalse(client.contains("hunter3"), client);
        assertTrue(client.contains("id-1"), client);
    }

    @Test
    void clientCredentialsInTheEnvironmentWinOverAUsernameAndPasswordAndSaySo() {
        var t = new Profiles(Map.of("BW_CLIENT_ID", "cid", "BW_CLIENT_SECRET", "cs", "BW_USERNAME", "u",
                "BW_PASSWORD", "p", "BW_ACCOUNT_ID", "42", "CONF_CONFIG", "/nonexistent", "XDG_CACHE_HOME", "/tmp/x"))
                .resolve(null, null, null);
        assertEquals(Credentials.clientCredentials("cid", "cs", TokenEndpoint.DEFAULT_URL, "42"), t.credentials());
        assertEquals(Path.of("/tmp/x/conf/tokens"), t.tokenCache());
        assertTrue(t.origin().contains("environment"), t.origin());
        assertTrue(t.unused().contains("BW_USERNAME"), t.unused());
    }

    @Test
    void theTokenUrlComesFromTheOptionThenTheEnvironmentThenTheProfile(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config");
        Files.writeString(config, "[ops]\nclient-id = c\nclient-secret = s\naccount = 7\n"
                + "token-url = https://login.example.org/token\ntoken-cache = false\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        Profiles fromFile = new Profiles(Map.of("CONF_CONFIG", config.toString()));
        var profile = fromFile.resolve("ops", null, null);
        assertEquals("https://login.example.org/token", ((Credentials.ClientCredentials) profile.credentials()).tokenUrl());
        assertEquals(null, profile.tokenCache(), "token-cache = false keeps tokens in memory");
        Profiles withEnv = new Profiles(Map.of("CONF_CONFIG", config.toString(), "CONF_TOKEN_URL",
                "http://127.0.0.1:9/t"));
        assertEquals("http://127.0.0.1:9/t",
                ((Credentials.ClientCredentials) withEnv.resolve("ops", null, null).credentials()).tokenUrl());
        var option = withEnv.resolve(new Profiles.Options("ops", null, null, "https://other.example/t", true));
        assertEquals("https://other.example/t", ((Credentials.ClientCredentials) option.credentials()).tokenUrl());
    }

    @Test
    void aTokenUrlIsCheckedAsABaseUrlIs() {
        var e = assertThrows(ConfException.InvalidInput.class, () -> new Profiles(Map.of("BW_CLIENT_ID", "c",
                "BW_CLIENT_SECRET", "s", "BW_ACCOUNT_ID", "1", "CONF_TOKEN_URL", "http://10.1.2.3/token"))
                .resolve(null, null, null));
        assertTrue(e.getMessage().contains("plain http"), e.getMessage());
        assertThrows(ConfException.InvalidInput.class, () -> BaseUrl.checkTokenUrl("https://id:secret@x.example/t"));
    }

    @Test
    void aClientIdWithoutASecretIsNamed() {
        var e = assertThrows(ConfException.MissingCredentials.class, () -> new Profiles(Map.of("BW_CLIENT_ID", "c",
                "BW_ACCOUNT_ID", "1")).resolve(null, null, null));
        assertTrue(e.getMessage().contains("BW_CLIENT_SECRET is not set"), e.getMessage());
    }

    @Test
    void theNoTokenCacheOptionKeepsTokensInMemory() {
        var t = new Profiles(Map.of("BW_CLIENT_ID", "c", "BW_CLIENT_SECRET", "s", "BW_ACCOUNT_ID", "1"))
                .resolve(new Profiles.Options(null, null, null, null, true));
        assertEquals(null, t.tokenCache());
    }

    @Test
    void baseUrlsAreChecked() {
        assertEquals("http://localhost:8080/api/v2", BaseUrl.check("http://localhost:8080/api/v2/"));
        assertEquals("http://[::1]:1/x", BaseUrl.check("http://[::1]:1/x"));
        assertEquals("http://127.1.2.3/x", BaseUrl.check("http://127.1.2.3/x"));
        assertThrows(ConfException.InvalidInput.class, () -> BaseUrl.check("http://10.0.0.1/api"));
        assertThrows(ConfException.InvalidInput.class, () -> BaseUrl.check("http://127.0.0.1.evil.com/api"));
        assertThrows(ConfException.InvalidInput.class, () -> BaseUrl.check("https://u:p@voice.bandwidth.com/api/v2"));
        assertThrows(ConfException.InvalidInput.class, () -> BaseUrl.check("ftp://x/y"));
        assertThrows(ConfException.InvalidInput.class, () -> BaseUrl.check("voice.bandwidth.com"));
    }
}
