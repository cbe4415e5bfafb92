package conftool.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The API's base URL, checked: https, or plain http only to a loopback host (a local simulator or mock), so that
 * credentials never cross a network in clear text; no credentials, query or fragment inside it.
 */
public final class BaseUrl {

    public static final String DEFAULT = "https://voice.bandwidth.com/api/v2";

    private BaseUrl() {
    }

    /** Returns the URL without a trailing slash, or throws {@link ConfException.InvalidInput}. */
    public static String check(String url) {
        return check(url, "base URL", DEFAULT);
    }

    /** The OAuth token URL, under the same rules: it receives the client secret. */
    public static String checkTokenUrl(String url) {
        return check(url, "token URL", TokenEndpoint.DEFAULT_URL);
    }

    private static String check(String url, String what, String example) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new ConfException.InvalidInput(what + " \"" + Ids.printable(url) + "\" is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ConfException.InvalidInput(what + " \"" + Ids.printable(url)
                    + "\" must be an absolute http(s) URL, e.g. " + example);
        }
        if (uri.getRawUserInfo() != null) {
            throw new ConfException.InvalidInput("the " + what + " must not hold credentials: set BW_CLIENT_ID and"
                    + " BW_CLIENT_SECRET (or a profile) instead");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ConfException.InvalidInput(what + " \"" + uri.getScheme() + "://" + uri.getRawAuthority()
                    + uri.getRawPath() + "\" must not have a query or fragment");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw new ConfException.InvalidInput("refusing plain http to " + uri.getHost()
                    + ": credentials would travel unencrypted. Use https, or http only to localhost/127.0.0.1");
        }
        if (uri.getPort() > 65535 || uri.getPort() == 0) {
            throw new ConfException.InvalidInput("base URL \"" + Ids.printable(url) + "\" has port " + uri.getPort()
                    + ": a port is 1 to 65535");
        }
        // scheme and host are case-insensitive (RFC 3986, 6.2.2.1); Feign and the loopback check want lower case
        String s = scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + uri.getRawPath();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** True for localhost, 127.0.0.0/8 and ::1; decided from the text alone, without a DNS lookup. */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
