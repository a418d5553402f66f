package offramp.catalog;

/** Quoting of identifiers for the SQL offramp builds. */
public final class Sql {

    private Sql() {
    }

    /** {@code `name`}, with backticks inside doubled. */
    public static String name(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /** {@code `schema`.`table`}. */
    public static String table(String schema, String table) {
        return name(schema) + "." + name(table);
    }

    /** A string literal with quotes and backslashes escaped. */
    public static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
