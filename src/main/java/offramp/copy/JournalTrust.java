package offramp.copy;

import offramp.catalog.ChunkPlanner;
import offramp.catalog.KeyRange;
import offramp.catalog.Sql;
import offramp.catalog.SystemSchemas;
import offramp.catalog.TableSpec;
import offramp.server.Queries;
import offramp.server.ServerIdentity;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a journal may be trusted for the servers of this run. A journal says what is already done on the
 * target; trusted against a target that was rebuilt, restored or emptied since, a rerun skips the work and
 * reports a copy that is not there. The servers are recognised by their identity ({@link ServerIdentity}) and the
 * target also by what the journal made on it: every table it created must still be there, holding at least the
 * rows the journal records as loaded. A table of more than {@link #exactCountRows()} loaded rows is not counted
 * whole (a COUNT(*) of a terabyte table would hold every rerun up for an hour): every chunk the journal records
 * must still hold a row in its key range (one index lookup each), and the first, the last and two more chunks
 * must hold at least the rows they took. More rows are allowed: a chunk may have committed just before a kill took
 * its journal line (the rerun reloads that range), and a finished copy may already replicate.
 */
public final class JournalTrust {

    private JournalTrust() {
    }

    /** What changed on the target's tables; empty when every recorded table holds at least its recorded rows. */
    public static List<String> tableChanges(Map<String, Long> recordedRows, Map<String, Long> targetRows) {
        List<String> missing = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        recordedRows.forEach((table, rows) -> {
            Long now = targetRows.get(table);
            if (now == null) {
                missing.add(table);
            } else if (now < rows) {
                changes.add("the target's " + table + " holds " + now + " rows where this copy loaded " + rows);
            }
        });
        if (!missing.isEmpty()) {
            changes.add(0, "the target no longer has " + (missing.size() > 5
                ? missing.subList(0, 5) + " and " + (missing.size() - 5) + " more tables" : missing)
                + ", which this copy created");
        }
        return changes;
    }

    /**
     * Refuses a copy journal written for other servers, or for a target that no longer holds what it made.
     *
     * @param collationsMapped whether the target compares text keys in other collations than the source (MySQL 8
     *                         to MariaDB): then chunk ranges of text keys cannot be looked up on the target
     */
    static void check(CopyJournal journal, ServerIdentity from, ServerIdentity to, Connection target, List<TableSpec> tables,
                      boolean collationsMapped) throws SQLException {
        List<String> changes = identityChanges(journal.recordedServer("from"), from, "server copied from",
            journal.recordedServer("to"), to, "target");
        Map<String, Long> created = journal.createdTables();
        if (!created.isEmpty()) {
            Map<String, TableSpec> specs = new HashMap<>();
            tables.forEach(t -> specs.put(t.id(), t));
            Map<String, Long> required = new LinkedHashMap<>(); // the rows each table must hold at least
            List<String> probed = new ArrayList<>();
            boolean done = journal.stepDone("done");
            created.forEach((table, rows) -> {
                TableSpec spec = specs.get(table);
                if (rows <= exactCountRows()) {
                    required.put(table, rows);
                } else if (done) {
                    required.put(table, 0L); // the finished copy's table is the replica's now: it need only be there
                } else if (spec == null || !spec.chunked() || journal.plan(table) == null
                    || (collationsMapped && comparedOnlyOnSource(spec))) {
                    required.put(table, rows);
                } else {
                    probed.add(table);
                }
            });
            Map<String, String[]> existing = existingTables(target);
            Map<String, Long> presentRows = rowsOn(target, required, existing);
            List<String> lostChunks = new ArrayList<>();
            for (String table : probed) {
                required.put(table, 0L); // present is enough here: its chunks are looked at one by one
                if (existing.containsKey(table)) {
                    presentRows.put(table, 0L);
                    lostChunks.addAll(chunkChanges(target, specs.get(table), journal.plan(table), journal.doneChunks(table)));
                }
            }
            changes.addAll(tableChanges(required, presentRows));
            changes.addAll(lostChunks);
        }
        require(journal.workDir(), changes);
    }

    /**
     * Whether a table's chunk ranges compare in MySQL 8's utf8mb4_0900_* collations, which a MariaDB target maps to
     * others: its ranges cannot be looked up there, so it is counted whole.
     */
    private static boolean comparedOnlyOnSource(TableSpec table) {
        return table.chunkKey().stream().anyMatch(c -> c.collation() != null && c.collation().startsWith("utf8mb4_0900_"));
    }

    /** Loaded rows above which a table's chunks are looked at instead of counting it whole. */
    static long exactCountRows() {
        return Long.getLong(EXACT_COUNT_PROPERTY, 1_000_000L);
    }

    /** Test seam: {@link #exactCountRows()}. */
    static final String EXACT_COUNT_PROPERTY = "offramp.trust.exact-count-rows";

    /**
     * What a large table lost, chunk by chunk: a loaded chunk's key range that holds no row now, or one of the
     * sampled chunks (the first, the last, two others) holding fewer rows than it took. At most three findings.
     */
    private static List<String> chunkChanges(Connection target, TableSpec table, List<KeyRange> plan,
                                             Map<Integer, Long> done) throws SQLException {
        List<String> changes = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>(done.keySet());
        if (numbers.isEmpty()) {
            return changes;
        }
        Set<Integer> sampled = new TreeSet<>(List.of(numbers.get(0), numbers.get(numbers.size() - 1)));
        Random random = new Random(table.id().hashCode());
        while (sampled.size() < Math.min(4, numbers.size())) {
            sampled.add(numbers.get(random.nextInt(numbers.size())));
        }
        for (int n : numbers) {
            if (changes.size() >= 3) {
                break;
            }
            KeyRange range = plan.get(n);
            boolean sample = sampled.contains(n);
            String sql = sample ? "SELECT COUNT(*) FROM " + table.qualified() + " WHERE " + range.condition(table.chunkKey())
                : "SELECT COUNT(*) FROM (SELECT 1 FROM " + table.qualified() + " WHERE " + range.condition(table.chunkKey())
                + " LIMIT 1) probe";
            long now;
            try (PreparedStatement ps = target.prepareStatement(sql)) {
                ChunkPlanner.bind(ps, range.parameters(table.chunkKey()));
                try (ResultSet rs = ps.executeQuery()) {
                    Queries.requireRow(rs, sql);
                    now = rs.getLong(1);
                }
            }
            long loaded = done.get(n);
            if (now == 0 && loaded > 0) {
                changes.add("the target's " + table.id() + " holds no row in chunk " + n + " (" + range.describe()
                    + "), where this copy loaded " + loaded);
            } else if (sample && now < loaded) {
                changes.add("the target's " + table.id() + " holds " + now + " rows in chunk " + n + " (" + range.describe()
                    + "), where this copy loaded " + loaded);
            }
        }
        return changes;
    }

    /** Refuses the journal when anything changed. */
    public static void require(Path workDir, List<String> changes) {
        if (!changes.isEmpty()) {
            throw new JournalMismatch(workDir, changes);
        }
    }

    /**
     * The rows of the given tables ({@code schema.table}) on the target; a table it does not have is absent from
     * the map. Counting reads every row, once per rerun: the price of not trusting a journal blindly. A table that
     * need hold no row ({@code atLeast} 0, as once replication runs) is only looked for.
     */
    public static Map<String, Long> rowsOn(Connection target, Map<String, Long> atLeast) throws SQLException {
        return rowsOn(target, atLeast, existingTables(target));
    }

    private static Map<String, Long> rowsOn(Connection target, Map<String, Long> atLeast, Map<String, String[]> existing)
        throws SQLException {
        Map<String, Long> rows = new HashMap<>();
        for (Map.Entry<String, Long> table : atLeast.entrySet()) {
            String[] name = existing.get(table.getKey());
            if (name == null) {
                continue;
            }
            if (table.getValue() == 0) {
                rows.put(table.getKey(), 0L); // there, and that is all it must be
                continue;
            }
            try (Statement s = target.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT COUNT(*) FROM " + Sql.table(name[0], name[1]))) {
                Queries.requireRow(rs, "SELECT COUNT(*) FROM " + Sql.table(name[0], name[1]));
                rows.put(table.getKey(), rs.getLong(1));
            }
        }
        return rows;
    }

    /** The target's tables outside its own schemas, by {@code schema.table}, with their schema and name. */
    private static Map<String, String[]> existingTables(Connection target) throws SQLException {
        Map<String, String[]> existing = new HashMap<>();
        try (Statement s = target.createStatement(); ResultSet rs = s.executeQuery(
            "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE' "
                + "AND TABLE_SCHEMA NOT IN (" + SystemSchemas.sqlList() + ")")) {
            while (rs.next()) {
                existing.put(rs.getString(1) + "." + rs.getString(2), new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        return existing;
    }

    /** The identity changes of both servers of a run, source side first. */
    public static List<String> identityChanges(ServerIdentity recordedFrom, ServerIdentity from, String fromRole,
                                               ServerIdentity recordedTo, ServerIdentity to, String toRole) {
        Map<String, ServerIdentity> recorded = new HashMap<>();
        recorded.put(fromRole, recordedFrom);
        recorded.put(toRole, recordedTo);
        Map<String, ServerIdentity> now = new LinkedHashMap<>();
        now.put(fromRole, from);
        now.put(toRole, to);
        return ServerIdentity.changes(recorded, now);
    }

    /** A journal written for other servers, or for a target that no longer holds what it records. */
    public static final class JournalMismatch extends IllegalStateException {
        JournalMismatch(Path workDir, List<String> changes) {
            super("the work directory " + workDir + " records a run against other servers, or a target that has "
                + "changed since: " + String.join("; ", changes) + ". offramp will not resume from it, as it would skip "
                + "work the target does not hold. Start again with a new work directory and an empty target (or drop "
                + "what the earlier run created)");
        }
    }
}
