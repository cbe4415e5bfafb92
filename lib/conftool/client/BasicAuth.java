package conftool.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Checks an {@code Authorization: Basic …} header against the expected pair, in constant time, for conf's own servers
 * (listen, the simulator and its token endpoint). Both halves are always compared, so the time taken says nothing of
 * which one was wrong.
 */
public final class BasicAuth {

    private BasicAuth() {
    }

    /** Whether {@code header} is Basic authentication with exactly this user (or client id) and password. */
    public static boolean matches(String header, String user, String password) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        return same(decoded.substring(0, colon), user) & same(decoded.substring(colon + 1), password);
    }

    /** Constant-time equality of two secrets' UTF-8 bytes. */
    public static boolean same(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
