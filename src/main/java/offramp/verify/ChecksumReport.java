package offramp.verify;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * The comparison of two servers.
 *
 * @param tables per table ({@code schema.table}): rows on the left and on the right
 * @param chunks how many chunks were compared
 * @param found  each differing chunk, each schema object that exists on one side only, and each part of a
 *               definition that differs (a column, an index, AUTO_INCREMENT, a trigger's body)
 * @param moved  each server that moved while it was compared (its binlog or the source position it applied); the
 *               comparison assumes still servers, so differences found while one moved may be false
 */
public record ChecksumReport(Map<String, long[]> tables, int chunks, @JsonProperty("differences") List<Difference> found,
                             List<Movement> moved) {

    /** Whether the differences found are facts: none found, or both servers stood still. */
    @JsonProperty("conclusive")
    public boolean conclusive() {
        return found.isEmpty() || moved.isEmpty();
    }

    @JsonProperty("identical")
    public boolean identical() {
        return found.isEmpty();
    }

    /** Each difference as one line of text. */
    @JsonIgnore
    public List<String> differences() {
        return found.stream().map(Difference::toString).toList();
    }

    /** This report with more differences (another part compared: the accounts). */
    public ChecksumReport plus(List<Difference> more) {
        List<Difference> all = new java.util.ArrayList<>(found);
        all.addAll(more);
        return new ChecksumReport(tables, chunks, all, moved);
    }
}
