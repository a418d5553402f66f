package offramp.copy;

import offramp.catalog.Catalog;
import offramp.catalog.Chunk;
import offramp.catalog.ChunkPlanner;
import offramp.catalog.KeyRange;
import offramp.catalog.Sql;
import offramp.catalog.TableSpec;
import offramp.server.Queries;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Reads the source's catalog and decides the copy's work: which schemas and tables, how each schema is created,
 * and each table's chunks, the largest tables first. A plan once journalled is the plan of every rerun.
 */
final class CopyPlanner {

    /** A schema and the statement that creates it on the target unless it exists. */
    record SchemaDefinition(String name, String createIfNotExists) {
    }

    private final Connection source;
    private final CopyOptions options;
    private final Catalog catalog;

    /** @param source a still server, its session set up for reading */
    CopyPlanner(Connection source, CopyOptions options) {
        this.source = source;
        this.options = options;
        this.catalog = new Catalog(source);
    }

    Connection source() {
        return source;
    }

    List<String> schemas() throws SQLException {
        return catalog.schemas(options.schemas());
    }

    List<TableSpec> tables(List<String> schemas) throws SQLException {
        return catalog.tables(schemas, options.excludeTables());
    }

    List<SchemaDefinition> schemaDefinitions(List<String> schemas) throws SQLException {
        List<SchemaDefinition> definitions = new ArrayList<>();
        for (String schema : schemas) {
            try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery("SHOW CREATE DATABASE " + Sql.name(schema))) {
                Queries.requireRow(rs, "SHOW CREATE DATABASE " + Sql.name(schema));
                definitions.add(new SchemaDefinition(schema, ifNotExists(rs.getString(2))));
            }
        }
        return definitions;
    }

    /** A {@code SHOW CREATE DATABASE} made to leave an existing schema alone. */
    static String ifNotExists(String showCreateDatabase) {
        return showCreateDatabase.replaceFirst("(?i)^CREATE DATABASE ", "CREATE DATABASE IF NOT EXISTS ")
            .replace("/*!32312 IF NOT EXISTS*/ ", "");
    }

    /**
     * The tables' chunk plans, the largest tables first: the journalled plan, or a new one, journalled before use.
     * With {@code walkLater}, a table whose key must be walked (see {@link ChunkPlanner#walks}) and has no
     * journalled plan is left out of {@code ready} and listed in {@code toWalk}, for {@link #plan} while the others
     * load: walking the composite key of a 1.2M-row table took 1.3 s, before which the target did nothing.
     */
    Plans chunks(List<TableSpec> tables, CopyJournal journal, boolean walkLater) throws SQLException, IOException {
        Map<TableSpec, List<Chunk>> ready = new LinkedHashMap<>();
        List<TableSpec> toWalk = new ArrayList<>();
        for (TableSpec table : largestFirst(tables)) {
            List<KeyRange> ranges = journal.plan(table.id());
            if (ranges != null) {
                List<Chunk> chunks = new ArrayList<>();
                for (KeyRange r : ranges) {
                    chunks.add(new Chunk(table.id(), chunks.size(), r));
                }
                ready.put(table, chunks);
            } else if (walkLater && ChunkPlanner.walks(table)) {
                toWalk.add(table);
            } else {
                ready.put(table, plan(table, journal, () -> { }));
            }
        }
        return new Plans(ready, toWalk);
    }

    /** The chunks planned now for a table with no journalled plan, journalled before use. */
    List<Chunk> plan(TableSpec table, CopyJournal journal, Runnable stepped) throws SQLException, IOException {
        List<Chunk> chunks = new ChunkPlanner(source, stepped).plan(table, options.rowsPerChunk(table));
        journal.markPlanned(table.id(), chunks);
        return chunks;
    }

    /** Tables planned, and tables whose keys are still to be walked (both the largest first). */
    record Plans(Map<TableSpec, List<Chunk>> ready, List<TableSpec> toWalk) {
    }

    /** Tables by estimated bytes, the largest first: the longest loads start first. */
    static List<TableSpec> largestFirst(List<TableSpec> tables) {
        List<TableSpec> bySize = new ArrayList<>(tables);
        bySize.sort(Comparator.comparingLong((TableSpec t) -> t.rowsEstimate() * Math.max(1, t.avgRowLength())).reversed());
        return bySize;
    }

    /**
     * The chunks still to load, by table in plan order: those not done, and every chunk of a table that is reloaded
     * whole. A table with none left is listed with none.
     *
     * @param done whether the journal records a table's chunk (by number) as loaded
     */
    static Map<TableSpec, List<Chunk>> remaining(Map<TableSpec, List<Chunk>> plans, BiPredicate<String, Integer> done,
                                                 Set<String> reloadWhole) {
        Map<TableSpec, List<Chunk>> left = new LinkedHashMap<>();
        plans.forEach((table, chunks) -> left.put(table, chunks.stream()
            .filter(c -> reloadWhole.contains(table.id()) || !done.test(table.id(), c.number())).toList()));
        return left;
    }
}
