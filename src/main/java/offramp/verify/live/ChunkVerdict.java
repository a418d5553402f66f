package offramp.verify.live;

import offramp.verify.Difference;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One chunk compared at a common point of source and replica.
 *
 * @param table       {@code schema.table}
 * @param chunk       the chunk's number in its table's plan
 * @param at          the source binlog position ({@code file:position}) both sides were read at
 * @param sourceRows  rows on the source
 * @param replicaRows rows on the replica
 * @param differences what differs in the chunk's digests; empty when identical
 * @param rows        the rows that differ, by key (missing on the replica, extra, changed: which columns)
 * @param repair      the statements that would bring the replica's rows of this chunk in line
 */
record ChunkVerdict(String table, int chunk, String at, long sourceRows, long replicaRows, List<Difference> differences,
                    List<JsonNode> rows, List<String> repair) {

    static String key(String table, int chunk) {
        return table + "#" + chunk;
    }

    @JsonIgnore
    String key() {
        return key(table, chunk);
    }

    @JsonIgnore
    boolean identical() {
        return differences.isEmpty();
    }
}
