package offramp.catalog;

/** Quoting of identifiers for the SQL offramp builds (string literals: {@link offramp.server.SqlLiteral}). */
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
}
