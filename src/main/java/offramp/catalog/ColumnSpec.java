package offramp.catalog;

import java.util.Locale;
import java.util.Set;

/**
 * A column as information_schema describes it.
 *
 * @param name       the column name
 * @param dataType   DATA_TYPE, lower case ({@code varchar}, {@code bit}, {@code geometry}, ...)
 * @param columnType COLUMN_TYPE ({@code varchar(64)}, {@code enum('a','b')}, ...)
 * @param charset    CHARACTER_SET_NAME; null for non-text columns
 * @param collation  COLLATION_NAME; null for non-text columns
 * @param nullable   IS_NULLABLE
 * @param generated  a VIRTUAL or STORED generated column, whose value the server computes
 */
public record ColumnSpec(String name, String dataType, String columnType, String charset, String collation,
                         boolean nullable, boolean generated) {

    private static final Set<String> SPATIAL = Set.of("geometry", "point", "linestring", "polygon", "multipoint",
        "multilinestring", "multipolygon", "geometrycollection", "geomcollection");
    private static final Set<String> INTEGER = Set.of("tinyint", "smallint", "mediumint", "int", "bigint");
    private static final Set<String> BINARY = Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob");

    public ColumnSpec {
        dataType = dataType.toLowerCase(Locale.ROOT);
    }

    /** A text column compared under its collation (not binary). */
    public boolean isText() {
        return charset != null && !charset.equalsIgnoreCase("binary") && !BINARY.contains(dataType);
    }

    public boolean isBinary() {
        return BINARY.contains(dataType) || "binary".equalsIgnoreCase(charset);
    }

    public boolean isSpatial() {
        return SPATIAL.contains(dataType);
    }

    public boolean isBit() {
        return dataType.equals("bit");
    }

    public boolean isInteger() {
        return INTEGER.contains(dataType);
    }

    public boolean isUnsigned() {
        return columnType.toLowerCase(Locale.ROOT).contains("unsigned");
    }

    public boolean isDecimal() {
        return dataType.equals("decimal");
    }

    public boolean isFloat() {
        return dataType.equals("float");
    }

    /** The column name quoted for SQL. */
    public String quoted() {
        return Sql.name(name);
    }
}
