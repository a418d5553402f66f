package offramp.verify.live;

import offramp.binlog.BinlogCoordinates;
import offramp.binlog.RowChangeReader;
import offramp.catalog.KeyRange;
import offramp.catalog.TableSpec;

import java.io.IOException;
import java.io.Serializable;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changed since a live verification, from the binlogs: the source's from the earliest position a chunk was
 * compared at up to a final position, and the replica's own from where it stood when the verification began (its
 * own writes are the events with its server_id). Each row event names the chunk its key falls in; a change to a
 * chunk after the position the chunk was found identical at makes it to be compared again. A table is to be
 * compared whole when a change cannot be placed in a chunk: a statement (DDL, TRUNCATE, statement-format DML) run
 * in its schema or naming it, a table without an integer key, a table the verification did not plan, or images that do not match
 * the table's columns.
 */
public final class ChangedChunks {

    /**
     * @param chunks      per table, the chunks to compare again
     * @param wholeTables per table to compare whole, why
     * @param rowEvents   rows events read
     */
    public record Found(Map<String, SortedSet<Integer>> chunks, Map<String, String> wholeTables, long rowEvents) {

        public int chunkCount() {
            return chunks.values().stream().mapToInt(SortedSet::size).sum();
        }
    }

    private final Verified verified;
    private final Map<String, TableSpec> tables;
    private final Map<String, ChunkLocator> locators = new LinkedHashMap<>();
    /** Per table, the earliest position any of its chunks was compared at: changes before it were seen. */
    private final Map<String, BinlogCoordinates> tableEarliest = new LinkedHashMap<>();
    private final Map<String, SortedSet<Integer>> chunks = new TreeMap<>();
    private final Map<String, String> whole = new TreeMap<>();
    private long rowEvents;

    private ChangedChunks(Verified verified, Map<String, TableSpec> tables) {
        this.verified = verified;
        this.tables = tables;
        verified.verdicts().values().forEach(v -> tableEarliest.merge(v.table(), BinlogCoordinates.parse(v.at()),
            (a, b) -> a.compareTo(b) <= 0 ? a : b));
        tables.forEach((id, t) -> {
            List<KeyRange> plan = verified.plans().get(id);
            if (plan == null) {
                whole.put(id, "not in the verification");
            } else {
                ChunkLocator locator = ChunkLocator.of(t.columns(), t.chunkKey(), plan);
                if (locator != null) {
                    locators.put(id, locator);
                }
            }
        });
    }

    /**
     * @param tables         the tables in scope, by {@code schema.table}
     * @param source         reads the source's binlog
     * @param to             the final position: changes up to it
     * @param replica        reads the replica's binlog; null when it has none
     * @param replicaTo      where the replica's binlog stands now
     * @param replicaId      the replica's server_id: its own writes carry it
     */
    public static Found since(Verified verified, Map<String, TableSpec> tables, RowChangeReader source, BinlogCoordinates to,
                              RowChangeReader replica, BinlogCoordinates replicaTo, long replicaId) throws IOException {
        ChangedChunks found = new ChangedChunks(verified, tables);
        BinlogCoordinates from = verified.earliest();
        if (from != null && from.compareTo(to) < 0) {
            source.read(from, to, found.listener(false, replicaId));
        }
        if (replica != null && verified.replicaBinlog() != null) {
            replica.read(BinlogCoordinates.parse(verified.replicaBinlog()), replicaTo, found.listener(true, replicaId));
        }
        found.chunks.keySet().removeAll(found.whole.keySet());
        return new Found(found.chunks, found.whole, found.rowEvents);
    }

    /** Whether a change at {@code end} came after some chunk of the table was compared. */
    private boolean after(String table, BinlogCoordinates end) {
        BinlogCoordinates earliest = tableEarliest.get(table);
        return earliest == null || end.compareTo(earliest) > 0;
    }

    private RowChangeReader.Changes listener(boolean replicaSide, long replicaId) {
        return new RowChangeReader.Changes() {
            @Override
            public void rows(String schema, String table, long serverId, BinlogCoordinates end, BitSet included,
                             List<Serializable[]> images) {
                if (replicaSide && serverId != replicaId) {
                    return; // replicated from the source: read there
                }
                String id = schema + "." + table;
                TableSpec spec = tables.get(id);
                if (spec == null || whole.containsKey(id)) {
                    return;
                }
                rowEvents++;
                ChunkLocator locator = locators.get(id);
                if (locator == null && !replicaSide && !after(id, end)) {
                    return;
                }
                if (locator == null) {
                    whole.put(id, spec.chunked() ? "its key is not integer columns" : "it has no key");
                    return;
                }
                if (included.length() > spec.columns().size()) {
                    whole.put(id, "its binlog images do not match its columns");
                    return;
                }
                int[] positions = locator.positions(included);
                for (Serializable[] image : images) {
                    if (image.length != included.cardinality()) {
                        whole.put(id, "its binlog images do not match its columns");
                        return;
                    }
                    int chunk = locator.chunkOf(positions, image);
                    if (chunk < 0) {
                        continue;
                    }
                    BinlogCoordinates at = verified.at(id, chunk);
                    if (replicaSide || at == null || end.compareTo(at) > 0) {
                        chunks.computeIfAbsent(id, k -> new TreeSet<>()).add(chunk);
                    }
                }
            }

            @Override
            public void statement(String schema, String sql, long serverId, BinlogCoordinates end) {
                if (replicaSide && serverId != replicaId) {
                    return;
                }
                String head = sql.strip().replaceAll("\\s+", " ");
                String why = (replicaSide ? "a statement on the replica itself: " : "a statement: ")
                    + (head.length() > 60 ? head.substring(0, 60) + "..." : head);
                String text = sql.toLowerCase(Locale.ROOT);
                tables.forEach((id, t) -> {
                    if (!replicaSide && !after(id, end)) {
                        return;
                    }
                    if (schema == null || schema.isEmpty() || id.startsWith(schema + ".") || text.contains(t.name().toLowerCase(Locale.ROOT))) {
                        whole.putIfAbsent(id, why);
                    }
                });
            }
        };
    }
}
