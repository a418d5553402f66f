package offramp.verify;

import java.util.List;

/**
 * The rows that differ in one chunk.
 *
 * @param rows the differences found, at most the limit asked for
 * @param more whether more rows differ than {@code rows} lists
 */
public record DifferingRows(List<RowDifference> rows, boolean more) {

    public boolean identical() {
        return rows.isEmpty();
    }
}
