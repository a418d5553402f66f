package offramp.copy;

import offramp.catalog.ColumnSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * How each column travels from the source's result set into LOAD DATA on the target, byte for byte.
 *
 * <p>Most columns go as the bytes the server stores (results in the columns' own character sets, loaded with
 * {@code CHARACTER SET binary}). FLOAT is the exception: the server prints it with six digits, so it is read as
 * DOUBLE, which holds every FLOAT exactly and prints all the digits needed to get it back.
 */
public final class RowFormat {

    private final List<String> selectExpressions = new ArrayList<>();
    private final List<String> loadTargets = new ArrayList<>();
    private final List<String> assignments = new ArrayList<>();

    public RowFormat(List<ColumnSpec> columns) {
        int variable = 0;
        for (ColumnSpec column : columns) {
            if (column.isFloat()) {
                selectExpressions.add("CAST(" + column.quoted() + " AS DOUBLE)");
            } else {
                selectExpressions.add(column.quoted());
            }
            if (column.isBit()) {
                // LOAD DATA would read a BIT field as digits; through a variable it takes the raw bytes.
                String v = "@offramp_" + (variable++);
                loadTargets.add(v);
                assignments.add(column.quoted() + " = CAST(" + v + " AS BINARY)");
            } else {
                loadTargets.add(column.quoted());
            }
        }
    }

    /** SELECT ... FROM table WHERE condition. */
    public String select(String qualifiedTable, String condition) {
        return "SELECT " + String.join(", ", selectExpressions) + " FROM " + qualifiedTable + " WHERE " + condition;
    }

    /** The LOAD DATA statement that reads what {@link LoadDataStream} writes. */
    public String loadData(String qualifiedTable) {
        return "LOAD DATA LOCAL INFILE 'offramp-stream' INTO TABLE " + qualifiedTable
            + " " + LoadDataFormat.CLAUSES + " ("
            + String.join(", ", loadTargets) + ")"
            + (assignments.isEmpty() ? "" : " SET " + String.join(", ", assignments));
    }

    public int columnCount() {
        return selectExpressions.size();
    }
}
