package offramp.server;

import offramp.usage.BadUsage;

/**
 * A MySQL account, {@code 'user'@'host'}: the host part is a pattern ({@code %}, {@code 10.0.%}) as in CREATE USER.
 *
 * @param user the user name
 * @param host the host pattern; {@code %} when not given
 */
public record Account(String user, String host) {

    public Account {
        if (user == null || user.isEmpty()) {
            throw new BadUsage("an account needs a user name, as user@host");
        }
        if (host == null || host.isEmpty()) {
            throw new BadUsage("the account " + user + " needs a host, as user@host ('%' for any)");
        }
    }

    /**
     * Parses {@code user@host}, {@code 'user'@'host'} or {@code user} (any host). The last {@code @} separates the
     * host, so a user name may hold one when quoted.
     */
    public static Account parse(String text) {
        String t = text == null ? "" : text.trim();
        int at = t.lastIndexOf('@');
        String user = at < 0 ? t : t.substring(0, at);
        String host = at < 0 ? "%" : t.substring(at + 1);
        return new Account(unquote(user), unquote(host));
    }

    private static String unquote(String s) {
        String t = s.trim();
        if (t.length() >= 2 && (t.startsWith("'") && t.endsWith("'") || t.startsWith("`") && t.endsWith("`")
            || t.startsWith("\"") && t.endsWith("\""))) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }

    /** As SQL writes it: {@code 'user'@'host'}, quotes escaped. */
    public String sql() {
        return SqlLiteral.of(user) + "@" + SqlLiteral.of(host);
    }

    @Override
    public String toString() {
        return user + "@" + host;
    }
}
