package offramp.verify;

import java.util.List;
import java.util.Map;

/**
 * The comparison of two servers.
 *
 * @param tables       per table ({@code schema.table}): rows on the left and on the right
 * @param chunks       how many chunks were compared
 * @param differences  each differing table and chunk, each schema object that differs or exists on one side only
 */
public record ChecksumReport(Map<String, long[]> tables, int chunks, List<String> differences) {

    public boolean identical() {
        return differences.isEmpty();
    }
}
