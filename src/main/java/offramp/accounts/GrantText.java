package offramp.accounts;

import offramp.server.AccountText;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * One line of SHOW GRANTS as MySQL and MariaDB print it: {@code GRANT privileges ON object TO account ...},
 * {@code GRANT role, ... TO account ...}, or MariaDB's {@code SET DEFAULT ROLE role FOR account}. Words are
 * found outside quotes and parentheses, so column lists and quoted names do not confuse it.
 */
public final class GrantText {

    private GrantText() {
    }

    /** What a line grants, without the account part (where MariaDB prints a hash): {@code SELECT ON `app`.*}. */
    public static String describe(String line) {
        String t = line.trim();
        if (startsWith(t, "SET DEFAULT ROLE ")) {
            int end = find(t, " FOR ", 0);
            return "default role " + t.substring("SET DEFAULT ROLE ".length(), end < 0 ? t.length() : end).trim();
        }
        if (!startsWith(t, "GRANT ")) {
            return "a statement SHOW GRANTS printed";
        }
        int to = find(t, " TO ", 0);
        String granted = t.substring("GRANT ".length(), to < 0 ? t.length() : to).trim();
        return find(t, " ON ", 0) >= 0 && (to < 0 || find(t, " ON ", 0) < to) ? granted : "role " + granted;
    }

    /** Whether the line only restates the account's creation (USAGE on *.*, no grant option): nothing to grant. */
    public static boolean onlyUsage(String line) {
        String t = line.trim();
        return startsWith(t, "GRANT USAGE ON *.* TO ") && !t.toUpperCase(Locale.ROOT).endsWith(" WITH GRANT OPTION");
    }

    /**
     * The line without the privileges and roles {@code leftOut} matches (privilege names upper case, role names as
     * the user part of the role): the rest of the line, or null when nothing is left; what was removed goes to
     * {@code removed}, told as {@code PRIVILEGE ON object} or {@code role NAME}.
     */
    public static String without(String line, Predicate<String> leftOut, List<String> removed) {
        String t = line.trim();
        if (startsWith(t, "SET DEFAULT ROLE ")) {
            int end = find(t, " FOR ", 0);
            String role = unquote(t.substring("SET DEFAULT ROLE ".length(), end < 0 ? t.length() : end).trim());
            if (leftOut.test(role)) {
                removed.add("default role " + role);
                return null;
            }
            return line;
        }
        if (!startsWith(t, "GRANT ")) {
            return line;
        }
        int to = find(t, " TO ", 0);
        int on = find(t, " ON ", 0);
        if (to < 0) {
            return line;
        }
        boolean privileges = on >= 0 && on < to;
        int listEnd = privileges ? on : to;
        String object = privileges ? t.substring(on + " ON ".length(), to).trim() : "";
        List<String> kept = new ArrayList<>();
        for (String item : split(t.substring("GRANT ".length(), listEnd))) {
            String name = privileges ? privilegeName(item) : unquote(item.substring(0, AccountText.skipName(item, 0)));
            if (leftOut.test(name)) {
                removed.add(privileges ? name + " ON " + object : "role " + name);
            } else {
                kept.add(item);
            }
        }
        if (kept.isEmpty()) {
            return null;
        }
        return kept.size() == split(t.substring("GRANT ".length(), listEnd)).size() ? line
            : "GRANT " + String.join(", ", kept) + t.substring(listEnd);
    }

    /** The privilege's name, upper case, without its column list: {@code SELECT (`a`)} is SELECT. */
    static String privilegeName(String item) {
        int paren = item.indexOf('(');
        return (paren < 0 ? item : item.substring(0, paren)).trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }

    private static String unquote(String name) {
        String n = name.trim();
        if (n.length() >= 2 && (n.charAt(0) == '`' || n.charAt(0) == '\'' || n.charAt(0) == '"')) {
            String q = String.valueOf(n.charAt(0));
            return n.substring(1, n.length() - 1).replace(q + q, q);
        }
        return n;
    }

    /** Items of a comma-separated list, commas inside quotes and parentheses kept. */
    static List<String> split(String list) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        int start = 0;
        int i = 0;
        while (i < list.length()) {
            char ch = list.charAt(i);
            if (ch == '`' || ch == '\'' || ch == '"') {
                i = AccountText.skipName(list, i);
                continue;
            }
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                items.add(list.substring(start, i).trim());
                start = i + 1;
            }
            i++;
        }
        items.add(list.substring(start).trim());
        return items;
    }

    /** Where {@code word} (with its spaces) first occurs at or after {@code from}, outside quotes and parentheses. */
    static int find(String text, String word, int from) {
        int depth = 0;
        int i = from;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (ch == '`' || ch == '\'' || ch == '"') {
                i = AccountText.skipName(text, i);
                continue;
            }
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (depth == 0 && text.regionMatches(true, i, word, 0, word.length())) {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static boolean startsWith(String text, String prefix) {
        return text.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
