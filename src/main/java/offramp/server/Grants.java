package offramp.server;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The privileges of the logged-in user as {@code SHOW GRANTS} lists them: global ones ({@code ON *.*}) and
 * schema ones ({@code ON `app`.*}, wildcards {@code %} and {@code _} included). Grants on single tables, columns
 * and routines are not counted: offramp needs its privileges on whole schemas. Privileges that come through roles
 * are read with {@code SHOW GRANTS FOR role}; a role whose grants cannot be read leaves the answer
 * {@link #complete() incomplete}, and a caller should then warn rather than refuse.
 *
 * @param global   privileges on {@code *.*}, upper case ("ALL" for ALL PRIVILEGES)
 * @param schemas  privileges per schema name pattern as granted (LIKE wildcards, backslash escapes)
 * @param roles    roles granted to the user
 * @param complete false when a role's grants could not be read
 */
public record Grants(Set<String> global, Map<String, Set<String>> schemas, List<String> roles, boolean complete) {

    private static final String NAME = "(\\*|`(?:[^`]|``)*`)";
    private static final Pattern PRIVILEGES = Pattern.compile(
        "GRANT (.+?) ON (?:(?:FUNCTION|PROCEDURE|PACKAGE BODY|PACKAGE|TABLE) )?" + NAME + "\\." + NAME + " TO .*",
        Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern ROLES = Pattern.compile("GRANT ((?:`(?:[^`]|``)*`(?:@`(?:[^`]|``)*`)?(?:, ?)?)+) TO .*",
        Pattern.DOTALL);

    /** Reads the current user's grants, and those of the roles granted to it. */
    public static Grants read(Connection c) throws SQLException {
        Grants grants = parse(lines(c, "SHOW GRANTS"));
        Set<String> seen = new LinkedHashSet<>();
        List<String> pending = new ArrayList<>(grants.roles());
        boolean complete = true;
        while (!pending.isEmpty()) {
            String role = pending.remove(0);
            if (!seen.add(role)) {
                continue;
            }
            try {
                Grants of = parse(lines(c, "SHOW GRANTS FOR " + role));
                grants = grants.plus(of);
                pending.addAll(of.roles());
            } catch (SQLException cannotSee) {
                complete = false;
            }
        }
        return new Grants(grants.global(), grants.schemas(), List.copyOf(seen), complete);
    }

    private static List<String> lines(Connection c, String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return lines;
    }

    /** The grants in {@code SHOW GRANTS} lines. */
    public static Grants parse(List<String> lines) {
        Set<String> global = new LinkedHashSet<>();
        Map<String, Set<String>> schemas = new LinkedHashMap<>();
        List<String> roles = new ArrayList<>();
        for (String line : lines) {
            Matcher m = PRIVILEGES.matcher(line.trim());
            if (m.matches()) {
                Set<String> privileges = privileges(m.group(1));
                String schema = m.group(2);
                String table = m.group(3);
                if (schema.equals("*")) {
                    global.addAll(privileges);
                } else if (table.equals("*")) {
                    schemas.computeIfAbsent(unquote(schema), k -> new LinkedHashSet<>()).addAll(privileges);
                }
                continue;
            }
            Matcher r = ROLES.matcher(line.trim());
            if (r.matches() && !line.contains(" ON ")) {
                for (String role : r.group(1).split(", ?(?=`)")) {
                    roles.add(role.trim());
                }
            }
        }
        return new Grants(global, schemas, roles, true);
    }

    private static Set<String> privileges(String list) {
        Set<String> privileges = new LinkedHashSet<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (char ch : (list + ",").toCharArray()) {
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                String p = current.toString().trim().toUpperCase(Locale.ROOT);
                privileges.add(p.equals("ALL PRIVILEGES") ? "ALL" : p);
                current.setLength(0);
            } else if (depth == 0) {
                current.append(ch);
            }
        }
        return privileges;
    }

    private static String unquote(String name) {
        return name.substring(1, name.length() - 1).replace("``", "`");
    }

    private Grants plus(Grants other) {
        Set<String> g = new LinkedHashSet<>(global);
        g.addAll(other.global);
        Map<String, Set<String>> s = new LinkedHashMap<>();
        schemas.forEach((k, v) -> s.put(k, new LinkedHashSet<>(v)));
        other.schemas.forEach((k, v) -> s.computeIfAbsent(k, x -> new LinkedHashSet<>()).addAll(v));
        return new Grants(g, s, roles, complete && other.complete);
    }

    /** Whether the user holds a privilege on a whole schema, globally or through a grant on that schema. */
    public boolean has(String privilege, String schema) {
        if (global.contains("ALL") || global.contains(privilege)) {
            return true;
        }
        for (var e : schemas.entrySet()) {
            if ((e.getValue().contains("ALL") || e.getValue().contains(privilege)) && matches(e.getKey(), schema)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the user holds a privilege on {@code *.*}. */
    public boolean hasGlobal(String privilege) {
        return global.contains("ALL") || global.contains(privilege);
    }

    /** A schema grant's name is a LIKE pattern: {@code %} any run, {@code _} one character, {@code \} escapes. */
    static boolean matches(String pattern, String schema) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (ch == '%') {
                regex.append(".*");
            } else if (ch == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL).matcher(schema).matches();
    }
}
