package offramp.catalog;

import java.util.List;

/**
 * A table to copy: its columns, the key it is chunked by, and its definition split for a fast load.
 *
 * @param schema        its schema
 * @param name          its name
 * @param columns       every column, in order
 * @param chunkKey      the primary key, or a unique key over NOT NULL columns; empty when the table has neither
 *                      and is copied in one stream
 * @param definition    the table's definition, split into what is created before and after the data
 * @param rowsEstimate  information_schema's row estimate
 * @param avgRowLength  information_schema's average row length in bytes
 */
public record TableSpec(String schema, String name, List<ColumnSpec> columns, List<ColumnSpec> chunkKey,
                        TableDefinition definition, long rowsEstimate, long avgRowLength) {

    public String qualified() {
        return Sql.table(schema, name);
    }

    /** {@code schema.table} without quotes, for messages, journals and reports. */
    public String id() {
        return schema + "." + name;
    }

    /** The columns the copy writes: generated ones are computed by the target itself. */
    public List<ColumnSpec> storedColumns() {
        return columns.stream().filter(c -> !c.generated()).toList();
    }

    public boolean chunked() {
        return !chunkKey.isEmpty();
    }
}
