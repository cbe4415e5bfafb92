package conftool.client;

/**
 * API credentials and the account they act on: a Client ID and Secret exchanged for short-lived Bearer tokens (OAuth
 * 2.0 client credentials, Bandwidth's current way in), or the legacy username and password of an API user (Basic).
 * {@link #toString()} never shows a secret, so a record printed by accident (a log line, a notebook cell) leaks
 * nothing.
 */
public sealed interface Credentials permits Credentials.ClientCredentials, Credentials.Basic {

    String accountId();

    Credentials withAccount(String account);

    /** Who these credentials say the caller is: the client id or the username. Never a secret. */
    String identity();

    /** How a person would name this kind: "client credentials (OAuth 2.0)" or "username and password (Basic)". */
    String kind();

    static ClientCredentials clientCredentials(String clientId, String clientSecret, String tokenUrl, String account) {
        return new ClientCredentials(clientId, clientSecret, tokenUrl, account);
    }

    static Basic basic(String username, String password, String account) {
        return new Basic(username, password, account);
    }

    /** A Client ID and Secret, exchanged at {@code tokenUrl} for the Bearer tokens that API requests carry. */
    record ClientCredentials(String clientId, String clientSecret, String tokenUrl, String accountId)
            implements Credentials {

        @Override
        public ClientCredentials withAccount(String account) {
            return new ClientCredentials(clientId, clientSecret, tokenUrl, account);
        }

        @Override
        public String identity() {
            return clientId;
        }

        @Override
        public String kind() {
            return "client credentials (OAuth 2.0)";
        }

        @Override
        public String toString() {
            return "ClientCredentials[clientId=" + clientId + ", clientSecret=***, tokenUrl=" + tokenUrl
                    + ", accountId=" + accountId + "]";
        }
    }

    /** The username and password of a Bandwidth API user: the legacy form, sent as Basic authentication. */
    record Basic(String username, String password, String accountId) implements Credentials {

        @Override
        public Basic withAccount(String account) {
            return new Basic(username, password, account);
        }

        @Override
        public String identity() {
            return username;
        }

        @Override
        public String kind() {
            return "username and password (Basic, legacy)";
        }

        @Override
        public String toString() {
            return "Basic[username=" + username + ", password=***, accountId=" + accountId + "]";
        }
    }
}
