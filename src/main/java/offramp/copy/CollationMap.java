package offramp.copy;

import offramp.server.Dialect;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MySQL 8's {@code utf8mb4_0900_*} collations, unknown to MariaDB (error 1273), mapped to the nearest MariaDB
 * collation. Every mapping made is remembered for the report.
 */
public final class CollationMap {

    private static final Pattern MYSQL_0900 = Pattern.compile("\\butf8mb4_0900_([a-z_]+)\\b");
    private static final Map<String, String> NEAREST = Map.of(
        "ai_ci", "utf8mb4_unicode_520_ci",
        "as_ci", "utf8mb4_unicode_520_ci",
        "as_cs", "utf8mb4_bin",
        "bin", "utf8mb4_bin");

    private final boolean active;
    private final Map<String, String> used = new TreeMap<>();

    /** @param active true when the source is MySQL 8 or later and the target MariaDB */
    public CollationMap(boolean active) {
        this.active = active;
    }

    /** Whether this copy maps collations at all. */
    public boolean active() {
        return active;
    }

    /** Whether a copy from {@code source} to {@code target} maps collations: MySQL 8 to MariaDB. */
    public static boolean neededFor(Dialect source, Dialect target) {
        return target.mapsCollationsFrom(source);
    }

    public synchronized String apply(String ddl) {
        if (!active) {
            return ddl;
        }
        Matcher m = MYSQL_0900.matcher(ddl);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String to = NEAREST.getOrDefault(m.group(1), "utf8mb4_unicode_520_ci");
            used.put(m.group(), to);
            m.appendReplacement(out, to);
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Each collation mapped in this run, to what. */
    public synchronized Map<String, String> mappings() {
        return new LinkedHashMap<>(used);
    }
}
