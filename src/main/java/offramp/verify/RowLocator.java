package offramp.verify;

import java.util.List;

/**
 * A row exactly, as {@link ColumnValues#read} reads it.
 *
 * @param key  the chunk key's values (empty for a table without a key)
 * @param hash the row's hash (hexadecimal SHA-1 of {@link RowHash}'s row encoding) on the side that has the row
 *             (the source's for a CHANGED row)
 */
public record RowLocator(List<String> key, String hash) {
}
