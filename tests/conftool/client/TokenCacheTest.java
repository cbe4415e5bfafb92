package conftool.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import conftool.sim.World;
import conftool.support.TestSimulator;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens shared between runs through the cache folder, and every way a cache file can be untrustworthy. */
class TokenCacheTest {

    private static final String SEED = World.SEED_CONFERENCE_ID;

    private final TestSimulator t = TestSimulator.oauthOnly();
    @TempDir
    Path home;
    private final List<String> notes = new ArrayList<>();

    @AfterEach
    void stop() {
        t.close();
    }

    private Path dir() {
        return home.resolve("conf").resolve("tokens");
    }

    private Path file() {
        return dir().resolve(TokenCache.key(t.clientCredentials()) + ".token");
    }

    /** A new client, as a new run of conf would build one, sharing the cache folder. */
    private ConferenceClient run() {
        return t.oauthClientBuilder().tokenCache(dir()).build();
    }

    @Test
    void runsShareOneTokenThroughAPrivateFileThatHoldsNoSecret() throws Exception {
        for (int i = 0; i < 3; i++) {
            run().conference(SEED);
        }
        assertEquals(1, t.sim.tokens().requests());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir())));
        String text = Files.readString(file());
        assertFalse(text.contains(TestSimulator.CLIENT_SECRET), text);
        assertTrue(text.contains(t.sim.tokens().issued().get(0)));
    }

    @Test
    void anotherSecretClientIdOrTokenUrlNeverGetsTheToken() {
        var c = t.clientCredentials();
        String key = TokenCache.key(c);
        assertNotEquals(key, TokenCache.key(Credentials.clientCredentials(c.clientId(), c.clientSecret() + "x",
                c.tokenUrl(), c.accountId())));
        assertNotEquals(key, TokenCache.key(Credentials.clientCredentials(c.clientId() + "x", c.clientSecret(),
                c.tokenUrl(), c.accountId())));
        assertNotEquals(key, TokenCache.key(Credentials.clientCredentials(c.clientId(), c.clientSecret(),
                c.tokenUrl() + "x", c.accountId())));
        assertFalse(key.contains(c.clientSecret()));
    }

    @Test
    void aCorruptFileIsIgnoredAndReplaced() throws Exception {
        run().conference(SEED);
        Files.writeString(file(), "conf access token v1\nkey nonsense\n\u0000\u0001garbage");
        run().conference(SEED);
        assertEquals(2, t.sim.tokens().requests());
        assertTrue(Files.readString(file()).contains(t.sim.tokens().issued().get(1)), "replaced");
        run().conference(SEED);
        assertEquals(2, t.sim.tokens().requests(), "the replacement serves the next run");
    }

    @Test
    void aFileMadeForOtherCredentialsIsIgnored() throws Exception {
        run().conference(SEED);
        String text = Files.readString(file());
        Files.writeString(file(), text.replaceFirst("key [0-9a-f]+", "key " + "0".repeat(40)));
        run().conference(SEED);
        assertEquals(2, t.sim.tokens().requests());
    }

    @Test
    void aFileOthersCanReadIsIgnoredAndReplacedByAPrivateOne() throws Exception {
        run().conference(SEED);
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));
        AccessToken read = new TokenCache(dir(), notes::add).read(TokenCache.key(t.clientCredentials()));
        assertEquals(null, read);
        assertTrue(notes.get(0).contains("others may read it"), notes.toString());
        run().conference(SEED);
        assertEquals(2, t.sim.tokens().requests());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
    }

    @Test
    void aFileAnotherUserOwnsIsIgnored() throws Exception {
        run().conference(SEED);
        var nobody = home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        try {
            Files.setOwner(file(), nobody);
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "cannot give a file away without root: " + e);
        }
        assertEquals(null, new TokenCache(dir(), notes::add).read(TokenCache.key(t.clientCredentials())));
        assertTrue(notes.get(0).contains("another user owns it"), notes.toString());
        run().conference(SEED);
        assertEquals(2, t.sim.tokens().requests());
    }

    @Test
    void aSymlinkIsNeitherReadNorWrittenThrough() throws Exception {
        run().conference(SEED);
        Path elsewhere = home.resolve("elsewhere");
        Files.writeString(elsewhere, Files.readString(file()));
        Files.delete(file());
        Files.createSymbolicLink(file(), elsewhere);
        run().conference(SEED);
        assertEquals(2, t.sim.tokens().requests(), "the symlink's token was not used");
        assertFalse(Files.isSymbolicLink(file()), "the link itself was replaced");
        assertFalse(Files.readString(elsewhere).contains(t.sim.tokens().issued().get(1)), "nothing written through it");
    }

    @Test
    void aFolderOpenToOthersIsClosedAndAFolderThatIsNotOneIsNotUsed() throws Exception {
        Files.createDirectories(dir());
        Files.setPosixFilePermissions(dir(), PosixFilePermissions.fromString("rwxrwxrwx"));
        run().conference(SEED);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir())));
        Path cacheHome = home.resolve("other");
        Files.createDirectories(cacheHome.resolve("conf"));
        Files.writeString(cacheHome.resolve("conf").resolve("tokens"), "not a folder");
        ConferenceClient client = t.oauthClientBuilder().tokenCache(cacheHome.resolve("conf").resolve("tokens")).build();
        assertEquals("myconf", client.conference(SEED).name(), "a broken cache is never fatal");
    }

    @Test
    void anExpiredCachedTokenIsReplaced() {
        run().conference(SEED);
        t.clock.advance(java.time.Duration.ofMinutes(59).plusSeconds(1));
        run().conference(SEED);
        assertEquals(2, t.sim.tokens().requests());
    }

    @Test
    void aTokenTheApiRefusedIsForgottenByTheCacheToo() {
        ConferenceClient first = run();
        first.conference(SEED);
        t.sim.tokens().revokeAll();
        first.conference(SEED);
        assertEquals(2, t.sim.tokens().requests());
        run().conference(SEED);
        assertEquals(2, t.sim.tokens().requests(), "the next run takes the fresh token from the cache");
    }

    @Test
    void withoutACacheNothingIsWritten() {
        t.oauthClientBuilder().build().conference(SEED);
        t.oauthClientBuilder().build().conference(SEED);
        assertEquals(2, t.sim.tokens().requests());
        assertFalse(Files.exists(dir(), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void clearRemovesEveryToken() throws Exception {
        run().conference(SEED);
        assertEquals(1, new TokenCache(dir(), null).clear());
        assertFalse(Files.exists(file()));
        run().conference(SEED);
        assertEquals(2, t.sim.tokens().requests());
    }
}
