package offramp.accounts;

import offramp.server.SqlLiteral;

import java.util.Comparator;

/**
 * An account or role as the server keeps it: user name and host pattern ({@code %}, {@code 10.0.%},
 * {@code 192.168.1.0/255.255.255.0}); a MariaDB role has an empty host. Either part may be empty (anonymous accounts).
 */
public record AccountName(String user, String host) implements Comparable<AccountName> {

    private static final Comparator<AccountName> ORDER = Comparator.comparing(AccountName::user).thenComparing(AccountName::host);

    /** Parses CURRENT_USER()'s {@code user@host}: the last {@code @} separates the host. */
    public static AccountName ofCurrentUser(String text) {
        int at = text.lastIndexOf('@');
        return at < 0 ? new AccountName(text, "") : new AccountName(text.substring(0, at), text.substring(at + 1));
    }

    /** As SQL names it: {@code 'user'@'host'}, or {@code 'role'} for a role without host. */
    public String sql() {
        return host.isEmpty() ? SqlLiteral.of(user) : SqlLiteral.of(user) + "@" + SqlLiteral.of(host);
    }

    @Override
    public int compareTo(AccountName o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return host.isEmpty() ? "'" + user + "'" : "'" + user + "'@'" + host + "'";
    }
}
