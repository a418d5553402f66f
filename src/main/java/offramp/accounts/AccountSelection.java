package offramp.accounts;

import offramp.usage.BadUsage;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which accounts a copy carries: {@code --users} and {@code --exclude-users} patterns ({@code user@host} or
 * {@code user} for any host; {@code *} and {@code ?} are wildcards, {@code %} is the host pattern's own character),
 * by default every account but the server's own (root, anonymous accounts, {@code mysql.*}, {@code mariadb.sys},
 * PUBLIC), the platform's (rdsadmin, rdsrepladmin, rdsproxyadmin, Aurora's roles) and the accounts offramp
 * connects with. A default-left-out account is carried only when a pattern without wildcards names it.
 */
public record AccountSelection(List<String> users, List<String> excludeUsers) {

    private static final Set<String> PLATFORM = Set.of("root", "rdsadmin", "rdsrepladmin", "rdsproxyadmin", "mariadb.sys",
        "public", "mysql");

    public AccountSelection {
        users = List.copyOf(users);
        excludeUsers = List.copyOf(excludeUsers);
        for (String p : users) {
            check("--users", p);
        }
        for (String p : excludeUsers) {
            check("--exclude-users", p);
        }
    }

    /** Every account but the default ones. */
    public static final AccountSelection DEFAULT = new AccountSelection(List.of(), List.of());

    private static void check(String option, String pattern) {
        if (pattern == null || pattern.isBlank() || pattern.startsWith("@")) {
            throw new BadUsage(option + " takes user@host or user patterns (* and ? wildcards), not '" + pattern + "'");
        }
    }

    /** Whether no account can be taken: {@code --exclude-users '*'}. */
    public boolean carriesNone() {
        return excludeUsers.stream().anyMatch(p -> p.trim().equals("*") || p.trim().equals("*@*"));
    }

    /** Why an account is not carried, or empty when it is; {@code own} are the accounts offramp connects with. */
    public Optional<String> leftOut(AccountName account, Set<AccountName> own) {
        if (excludeUsers.stream().anyMatch(p -> matches(p, account))) {
            return Optional.of("excluded by --exclude-users");
        }
        if (!users.isEmpty() && users.stream().noneMatch(p -> matches(p, account))) {
            return Optional.of("not named by --users");
        }
        boolean named = users.stream().anyMatch(p -> !p.contains("*") && !p.contains("?") && matches(p, account));
        if (named) {
            return Optional.empty();
        }
        if (own.contains(account)) {
            return Optional.of("the account offramp connects with (name it in --users to carry it)");
        }
        return defaultLeftOut(account).map(r -> r + " (name it in --users to carry it)");
    }

    /** Why an account is left out unless named: the server's own or the platform's. */
    static Optional<String> defaultLeftOut(AccountName account) {
        String user = account.user().toLowerCase(Locale.ROOT);
        if (user.isEmpty()) {
            return Optional.of("an anonymous account, the server's own");
        }
        if (user.startsWith("mysql.") || PLATFORM.contains(user)) {
            return Optional.of("the server's or the platform's own account");
        }
        if (AuroraPrivileges.auroraRole(account)) {
            return Optional.of("one of Aurora's own roles");
        }
        return Optional.empty();
    }

    /** {@code user@host} (host {@code *} when not given) against the account, * and ? as wildcards. */
    static boolean matches(String pattern, AccountName account) {
        String p = pattern.trim();
        int at = p.lastIndexOf('@');
        String user = unquote(at < 0 ? p : p.substring(0, at));
        String host = at < 0 ? "*" : unquote(p.substring(at + 1));
        return glob(user).matcher(account.user()).matches() && glob(host).matcher(account.host()).matches();
    }

    private static String unquote(String s) {
        String t = s.trim();
        if (t.length() >= 2 && (t.charAt(0) == '\'' || t.charAt(0) == '`' || t.charAt(0) == '"')
            && t.charAt(t.length() - 1) == t.charAt(0)) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            regex.append(ch == '*' ? ".*" : ch == '?' ? "." : Pattern.quote(String.valueOf(ch)));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
