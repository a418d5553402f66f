package offramp.copy;

import offramp.catalog.AddClause;

import java.util.List;

/**
 * When a table's secondary indexes are built: before its rows load, or once its last chunk has loaded.
 *
 * <p>Before, when the indexes of as many such tables as there are loads at once stay within half the target's
 * buffer pool: keeping them up to date during the load costs less than reading the table again to sort them
 * afterwards. Larger ones are built after the load by one sort instead of a random insert per row into indexes that
 * no longer fit in memory. An index entry is taken as {@value #ENTRY_BYTES} bytes (key, primary key, record
 * overhead). FULLTEXT and SPATIAL indexes, which cost far more row by row than one build, and a table without an
 * estimate of its rows, always come afterwards.
 */
enum IndexTiming {
    BEFORE_ROWS, AFTER_ROWS;

    static final long ENTRY_BYTES = 48;

    static IndexTiming of(List<AddClause> indexes, long rowsEstimate, int loadsAtOnce, long bufferPoolBytes) {
        if (indexes.stream().anyMatch(AddClause::fullTextOrSpatial)) {
            return AFTER_ROWS;
        }
        long entries = Math.max(0, rowsEstimate) * indexes.size();
        return entries > 0 && entries * ENTRY_BYTES * loadsAtOnce < bufferPoolBytes / 2 ? BEFORE_ROWS : AFTER_ROWS;
    }
}
