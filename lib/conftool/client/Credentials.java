package conftool.client;

/**
 * API credentials and the account they act on. {@link #toString()} never shows the password, so a record printed
 * by accident (a log line, a notebook cell) leaks nothing.
 */
public record Credentials(String username, String password, String accountId) {

    public Credentials withAccount(String account) {
        return new Credentials(username, password, account);
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***, accountId=" + accountId + "]";
    }
}
