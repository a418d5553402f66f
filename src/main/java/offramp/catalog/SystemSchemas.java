package offramp.catalog;

import java.util.Locale;
import java.util.Set;

/** Schemas that belong to the server, not to the application: never copied or compared. */
public final class SystemSchemas {

    /** MySQL's and MariaDB's own, and what Aurora and RDS keep for themselves. */
    public static final Set<String> NAMES = Set.of("mysql", "sys", "information_schema", "performance_schema",
        "innodb", "tmp", "rdsadmin", "mysql_innodb_cluster_metadata", "awsdms_control");

    private SystemSchemas() {
    }

    public static boolean contains(String schema) {
        return NAMES.contains(schema.toLowerCase(Locale.ROOT));
    }

    /** {@code 'a', 'b', ...} for a NOT IN list. */
    public static String sqlList() {
        return String.join(", ", NAMES.stream().sorted().map(n -> "'" + n + "'").toList());
    }
}
