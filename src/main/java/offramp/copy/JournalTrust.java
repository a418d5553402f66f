package offramp.copy;

import offramp.server.ServerIdentity;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a journal may be trusted for the servers of this run. A journal says what is already done on the
 * target; trusted against a target that was rebuilt, restored or emptied since, a rerun skips the work and
 * reports a copy that is not there. The servers are recognised by their identity ({@link ServerIdentity}) and the
 * target also by what the journal made on it: every table it created must still be there, holding at least the
 * rows the journal records as loaded. More rows are allowed: a chunk may have committed just before a kill took
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

    /** Refuses a copy journal written for other servers, or for a target that no longer holds what it made. */
    static void check(CopyJournal journal, ServerIdentity from, ServerIdentity to, Connection target) throws SQLException {
        List<String> changes = identityChanges(journal.recordedServer("from"), from, "server copied from",
            journal.recordedServer("to"), to, "target");
        Map<String, Long> created = journal.createdTables();
        if (!created.isEmpty()) {
            changes.addAll(tableChanges(created, rowsOn(target, created.keySet())));
        }
        require(journal.workDir(), changes);
    }

    /** Refuses the journal when anything changed. */
    public static void require(Path workDir, List<String> changes) {
        if (!changes.isEmpty()) {
            throw new JournalMismatch(workDir, changes);
        }
    }

    /**
     * The rows of the given tables ({@code schema.table}) on the target; a table it does not have is absent from
     * the map. Counting reads every row, once per rerun: the price of not trusting a journal blindly.
     */
    public static Map<String, Long> rowsOn(Connection target, Iterable<String> tables) throws SQLException {
        Map<String, String[]> existing = new HashMap<>();
        try (Statement s = target.createStatement(); ResultSet rs = s.executeQuery(
            "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE' "
                + "AND TABLE_SCHEMA NOT IN (" + SystemSchemas.sqlList() + ")")) {
            while (rs.next()) {
                existing.put(rs.getString(1) + "." + rs.getString(2), new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        Map<String, Long> rows = new HashMap<>();
        for (String table : tables) {
            String[] name = existing.get(table);
            if (name == null) {
                continue;
            }
            try (Statement s = target.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT COUNT(*) FROM " + Sql.table(name[0], name[1]))) {
                rs.next();
                rows.put(table, rs.getLong(1));
            }
        }
        return rows;
    }

    /** The identity changes of both servers of a run, source side first. */
    public static List<String> identityChanges(ServerIdentity recordedFrom, ServerIdentity from, String fromRole,
                                               ServerIdentity recordedTo, ServerIdentity to, String toRole) {
        List<String> changes = new ArrayList<>();
        if (recordedFrom != null) {
            changes.addAll(from.changesSince(recordedFrom, fromRole));
        }
        if (recordedTo != null) {
            changes.addAll(to.changesSince(recordedTo, toRole));
        }
        return changes;
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
