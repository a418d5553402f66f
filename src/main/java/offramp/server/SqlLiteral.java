package offramp.server;

/** String literals in SQL text, for the statements that cannot take parameters (SET GLOBAL, CHANGE MASTER, ...). */
public final class SqlLiteral {

    private SqlLiteral() {
    }

    /** {@code value} as a quoted string literal: quotes and backslashes escaped. */
    public static String of(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
