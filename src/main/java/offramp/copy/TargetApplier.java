package offramp.copy;

import offramp.catalog.AddClause;
import offramp.catalog.Sql;
import offramp.catalog.SystemSchemas;
import offramp.catalog.TableSpec;
import offramp.usage.BadUsage;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The copy's DDL on the target: schemas, tables without their secondary indexes, then the deferred indexes and
 * the foreign keys. Each table is journalled as it is created, so a rerun neither creates it twice nor loads into a
 * table it did not create.
 */
final class TargetApplier {

    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;

    private final Connection target;
    private final CopyJournal journal;
    private final CollationMap collations;

    TargetApplier(Connection target, CopyJournal journal, CollationMap collations) {
        this.target = target;
        this.journal = journal;
        this.collations = collations;
    }

    /** Refuses a target that holds any of the tables when this copy's journal does not say it created them. */
    void refuseTablesItDidNotCreate(List<TableSpec> tables) throws SQLException {
        Set<String> existing = new HashSet<>();
        try (Statement s = target.createStatement(); ResultSet rs = s.executeQuery(
            "SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA NOT IN ("
                + SystemSchemas.sqlList() + ")")) {
            while (rs.next()) {
                existing.add(rs.getString(1));
            }
        }
        List<String> foreign = tables.stream().map(TableSpec::id)
            .filter(id -> existing.contains(id) && !journal.createdByUs(id)).toList();
        if (!foreign.isEmpty()) {
            throw new BadUsage("the target already holds " + foreign + ", which this copy did not create "
                + "(its work directory has no record of them). offramp copy loads only into tables it creates: drop them "
                + "on the target, or copy to an empty server");
        }
    }

    /** Creates each schema unless it exists, from the source's {@code SHOW CREATE DATABASE}. */
    void createSchemas(List<CopyPlanner.SchemaDefinition> schemas) throws SQLException {
        for (CopyPlanner.SchemaDefinition schema : schemas) {
            try (Statement s = target.createStatement()) {
                s.execute(collations.apply(schema.createIfNotExists()));
            } catch (SQLException e) {
                throw explained(e, "creating the schema " + schema.name());
            }
        }
    }

    /**
     * Creates the tables with their primary keys only: every secondary index is built once the table's rows are in
     * ({@link ChunkLoader}), by one sort instead of an insert per row. On a durable target pinned to a core of its own
     * that took 9.5 CPU seconds for bench/copy's 4 x 500k sysbench rows, against 10.4 with the indexes built first.
     */
    void createTables(List<TableSpec> tables) throws SQLException, IOException {
        for (TableSpec table : tables) {
            createTable(table);
        }
    }

    /** Creates a table with its primary key only; one a killed run created and did not journal is made again. */
    private void createTable(TableSpec table) throws SQLException, IOException {
        if (journal.created(table.id())) {
            return;
        }
        try (Statement s = target.createStatement()) {
            if (journal.createdByUs(table.id())) {
                s.execute("DROP TABLE IF EXISTS " + table.qualified()); // created by a run killed right after
            }
            journal.markCreating(table.id());
            s.execute("USE " + Sql.name(table.schema()));
            s.execute(collations.apply(table.definition().createWithoutSecondary()));
        } catch (SQLException e) {
            throw explained(e, "creating " + table.id());
        }
        journal.markCreated(table.id());
    }

    /** Adds a table's secondary indexes on the given session: an index build runs on a connection of its own. */
    static void addIndexes(Connection on, TableSpec table) throws SQLException {
        addMissing(on, table, table.definition().secondaryIndexes(), "indexes");
    }

    /** Adds every table's foreign keys, once all of them are loaded. */
    void addForeignKeys(List<TableSpec> tables) throws SQLException {
        for (TableSpec table : tables) {
            addMissing(target, table, table.definition().foreignKeys(), "foreign keys");
        }
    }

    /**
     * Adds the clauses whose index or constraint the target does not have yet: a rerun after a kill that came
     * between the ALTER and its journal line must not add them twice.
     */
    private static void addMissing(Connection target, TableSpec table, List<AddClause> clauses, String what)
        throws SQLException {
        if (clauses.isEmpty()) {
            return;
        }
        Set<String> existing = new HashSet<>();
        try (PreparedStatement ps = target.prepareStatement("SELECT INDEX_NAME FROM information_schema.STATISTICS "
            + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? UNION SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS "
            + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.name());
            ps.setString(3, table.schema());
            ps.setString(4, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    existing.add(rs.getString(1));
                }
            }
        }
        List<String> missing = clauses.stream().filter(c -> !existing.contains(c.name())).map(AddClause::sql).toList();
        if (missing.isEmpty()) {
            return;
        }
        try (Statement s = target.createStatement()) {
            s.execute("ALTER TABLE " + table.qualified() + " " + String.join(", ", missing));
        } catch (SQLException e) {
            SQLException explained = explained(e, "adding the " + what + " of " + table.id());
            throw explained != e ? explained : new SQLException("adding the " + what + " of " + table.id() + " failed: "
                + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
        }
    }

    /**
     * A DDL statement that gave up waiting for a metadata lock, said with its cause and what to do; any other
     * error as it is.
     */
    private static SQLException explained(SQLException e, String doing) {
        if (e.getErrorCode() != ER_LOCK_WAIT_TIMEOUT) {
            return e;
        }
        return new SQLException(doing + " on the target gave up after --stall-seconds waiting for a metadata lock another "
            + "session holds (a backup's FLUSH TABLES WITH READ LOCK or BACKUP STAGE, a long transaction): SHOW PROCESSLIST "
            + "on the target names it. Rerun the same command to resume", e.getSQLState(), e.getErrorCode(), e);
    }
}
