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
        assertEquals(new Credentials("u", "p", "42"), t.credentials());
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
        assertEquals("u", new Profiles(env).resolve(null, null, null).credentials().username());
        assertEquals("o p", new Profiles(env).resolve("ops", null, null).credentials().password());
        assertEquals("d", new Profiles(Map.of("CONF_CONFIG", config.toString())).resolve(null, null, null)
                .credentials().username());
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

    @Test
    void credentialsNeverPrintTheirPassword() {
        assertFalse(new Credentials("u", "hunter2", "1").toString().contains("hunter2"));
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
