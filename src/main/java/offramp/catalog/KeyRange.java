package offramp.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A range of a table's chunk key: rows whose key is above {@code lower} (exclusive) and at most {@code upper}
 * (inclusive); a null bound is open. Key values travel as text: hexadecimal for text and binary columns (so no
 * byte is lost to a character set), the server's own text for numbers and dates; the SQL turns them back into
 * values of the column's type and collation, so the server compares exactly as its index orders.
 */
public record KeyRange(List<String> lower, List<String> upper) {

    public static final KeyRange ALL = new KeyRange(null, null);

    /** The WHERE condition (without WHERE), or {@code 1=1} for the whole table. */
    public String condition(List<ColumnSpec> key) {
        List<String> parts = new ArrayList<>();
        if (lower != null) {
            parts.add(compare(key, ">", ">"));
        }
        if (upper != null) {
            parts.add(compare(key, "<", "<="));
        }
        return parts.isEmpty() ? "1=1" : String.join(" AND ", parts);
    }

    /** For messages: {@code key above [1000] up to [2000]}, bounds as they travel (text keys in hexadecimal). */
    public String describe() {
        if (lower == null && upper == null) {
            return "the whole table";
        }
        return "key" + (lower == null ? "" : " above " + lower) + (upper == null ? "" : " up to " + upper);
    }

    /** The values to bind, in the order {@link #condition} placed its parameters. */
    public List<String> parameters(List<ColumnSpec> key) {
        List<String> params = new ArrayList<>();
        if (lower != null) {
            addExpanded(params, lower);
        }
        if (upper != null) {
            addExpanded(params, upper);
        }
        return params;
    }

    /** (k1 op v1) OR (k1 = v1 AND k2 op v2) ... : a row comparison every server can use an index for. */
    private static String compare(List<ColumnSpec> key, String op, String lastOp) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            List<String> and = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                and.add(key.get(j).quoted() + " = " + value(key.get(j)));
            }
            and.add(key.get(i).quoted() + " " + (i == key.size() - 1 ? lastOp : op) + " " + value(key.get(i)));
            terms.add("(" + String.join(" AND ", and) + ")");
        }
        return "(" + String.join(" OR ", terms) + ")";
    }

    private static void addExpanded(List<String> params, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            for (int j = 0; j <= i; j++) {
                params.add(values.get(j));
            }
        }
    }

    /**
     * The placeholder that turns a bound text back into a value of the column. Numbers are cast: an integer
     * column compared with a string is compared as a double, which cannot tell BIGINT keys above 2^53 apart.
     */
    static String value(ColumnSpec column) {
        if (column.isText()) {
            return "CONVERT(UNHEX(?) USING " + column.charset() + ") COLLATE " + column.collation();
        }
        if (column.isBinary()) {
            return "UNHEX(?)";
        }
        if (column.isInteger()) {
            return column.isUnsigned() ? "CAST(? AS UNSIGNED)" : "CAST(? AS SIGNED)";
        }
        if (column.isDecimal()) {
            // Its own precision and scale: a fixed DECIMAL(65,30) would clip keys of more than 35 integer digits.
            String declared = column.columnType().toLowerCase(Locale.ROOT).replace("unsigned", "")
                .replace("zerofill", "").strip();
            return "CAST(? AS " + declared.toUpperCase(Locale.ROOT) + ")";
        }
        return "?";
    }

    /**
     * The select expression that reads a key column as {@link #value} expects it back: the server's own text
     * for numbers and dates, so no driver conversion can round or reformat a boundary.
     */
    static String read(ColumnSpec column) {
        return column.isText() || column.isBinary() ? "HEX(" + column.quoted() + ")" : "CAST(" + column.quoted() + " AS CHAR)";
    }
}
