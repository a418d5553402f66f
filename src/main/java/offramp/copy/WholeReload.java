package offramp.copy;

import offramp.catalog.Chunk;
import offramp.catalog.TableSpec;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tables a resumed copy loads again whole. A resumed run clears each chunk it loads again by its key range
 * on the target first (a chunk may have committed just before a kill took its journal line); that comparison
 * needs the key's collation on the target. A key in a collation the target does not have (MySQL 8's
 * utf8mb4_0900_*, mapped to another for MariaDB) cannot be compared there, and the mapped collation would order
 * keys differently near the chunks' bounds, so a range could take rows of a neighbouring chunk. Such a table is
 * emptied and all its chunks are loaded again.
 */
final class WholeReload {

    private WholeReload() {
    }

    /** The tables ({@code schema.table}) with chunks still to load whose key compares in a collation the target lacks. */
    static Set<String> tables(Connection target, Map<TableSpec, List<Chunk>> plans, CopyJournal journal) throws SQLException {
        Set<String> collations = new HashSet<>();
        try (Statement s = target.createStatement(); ResultSet rs = s.executeQuery(
            "SELECT COLLATION_NAME FROM information_schema.COLLATIONS")) {
            while (rs.next()) {
                collations.add(rs.getString(1).toLowerCase());
            }
        }
        Set<String> reload = new LinkedHashSet<>();
        plans.forEach((table, chunks) -> {
            boolean unfinished = chunks.stream().anyMatch(c -> !journal.chunkDone(table.id(), c.number()));
            boolean foreignKey = table.chunkKey().stream()
                .anyMatch(c -> c.collation() != null && !collations.contains(c.collation().toLowerCase()));
            if (unfinished && foreignKey) {
                reload.add(table.id());
            }
        });
        return reload;
    }

    /** Empties a table on the target before all its chunks load again. */
    static void empty(Connection target, TableSpec table) throws SQLException {
        try (Statement s = target.createStatement()) {
            s.execute("TRUNCATE TABLE " + table.qualified());
        }
    }
}
