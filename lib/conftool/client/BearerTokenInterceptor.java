package conftool.client;

import feign.RequestInterceptor;
import feign.RequestTemplate;

/**
 * Puts {@code Authorization: Bearer …} on every API request, with the token {@link TokenSource} holds at the time of
 * each attempt: a retry after a refusal carries the fresh token, not the refused one.
 */
public final class BearerTokenInterceptor implements RequestInterceptor {

    private final TokenSource tokens;

    public BearerTokenInterceptor(TokenSource tokens) {
        this.tokens = tokens;
    }

    @Override
    public void apply(RequestTemplate template) {
        // Feign keeps one template across the attempts of a request, and header() would add a second value.
        template.removeHeader("Authorization");
        template.header("Authorization", "Bearer " + tokens.token());
    }

    /** The token a request was sent with, or null when it carried none. */
    static String tokenOf(feign.Request request) {
        for (var e : request.headers().entrySet()) {
            if ("Authorization".equalsIgnoreCase(e.getKey())) {
                for (String v : e.getValue()) {
                    if (v.regionMatches(true, 0, "Bearer ", 0, 7)) {
                        return v.substring(7).trim();
                    }
                }
            }
        }
        return null;
    }
}
