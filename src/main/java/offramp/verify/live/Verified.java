package offramp.verify.live;

import offramp.binlog.BinlogCoordinates;
import offramp.catalog.Chunk;
import offramp.catalog.KeyRange;

import java.util.List;
import java.util.Map;

/**
 * A finished live verification as its journal keeps it: each table's chunks as planned and each chunk's verdict
 * with the source position it was compared at.
 *
 * @param plans         each table's chunks, in order
 * @param verdicts      by {@link ChunkVerdict#key()}
 * @param replicaBinlog where the replica's own binlog stood when it began ({@code file:position}); null when the
 *                      replica has no binlog
 * @param identical     its verdict
 */
public record Verified(Map<String, List<KeyRange>> plans, Map<String, ChunkVerdict> verdicts, String replicaBinlog,
                       boolean identical) {

    /** The earliest source position any chunk was compared at: the binlog since then holds every later change. */
    public BinlogCoordinates earliest() {
        return verdicts.values().stream().map(v -> BinlogCoordinates.parse(v.at())).min(BinlogCoordinates::compareTo)
            .orElse(null);
    }

    /** The position a chunk was compared at; null when it was not. */
    BinlogCoordinates at(String table, int chunk) {
        ChunkVerdict v = verdicts.get(ChunkVerdict.key(table, chunk));
        return v == null ? null : BinlogCoordinates.parse(v.at());
    }

    /** A table's chunk as planned. */
    Chunk chunk(String table, int number) {
        return new Chunk(table, number, plans.get(table).get(number));
    }
}
