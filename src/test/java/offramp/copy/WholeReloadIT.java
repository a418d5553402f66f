package offramp.copy;

import offramp.catalog.Chunk;
import offramp.catalog.ColumnSpec;
import offramp.catalog.KeyRange;
import offramp.catalog.TableSpec;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import offramp.server.ServerIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A resumed copy loads a table again whole when its key compares in a collation the target does not have (MySQL 8's
 * utf8mb4_0900_* on a MariaDB target), and its journal then forgets the chunks loaded before. No MySQL 8 server
 * runs here, so the tables are described as a MySQL 8 source would describe them, against a real MariaDB target.
 */
class WholeReloadIT {

    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-whole-reload-it");

    @Test
    void aKeyInACollationTheTargetLacksMakesAResumedCopyReloadTheTableWhole() throws Exception {
        LocalServer target = sandbox.startForTest("target", ServerOptions.defaults());
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        TableSpec mysql8 = table("by_name", "utf8mb4_0900_ai_ci");
        TableSpec mariadb = table("by_code", "utf8mb4_general_ci");
        Map<TableSpec, List<Chunk>> plans = new LinkedHashMap<>();
        try (CopyJournal journal = CopyJournal.open(work); Connection t = target.connect()) {
            journal.begin("test", new ServerIdentity("a", null, 1), new ServerIdentity("b", null, 2));
            for (TableSpec table : List.of(mysql8, mariadb)) {
                List<Chunk> chunks = List.of(new Chunk(table.id(), 0, new KeyRange(null, List.of("6D"))),
                    new Chunk(table.id(), 1, new KeyRange(List.of("6D"), null)));
                journal.markCreated(table.id());
                journal.markPlanned(table.id(), chunks);
                journal.markChunkDone(chunks.get(0), 500);
                plans.put(table, chunks);
            }
            assertEquals(Set.of("app.by_name"), WholeReload.tables(t, plans, journal), "only the MySQL 8 collation");

            journal.markReloading("app.by_name");
            assertFalse(journal.chunkDone("app.by_name", 0));
            assertEquals(0, journal.rows("app.by_name"));
        }
        try (CopyJournal reread = CopyJournal.open(work)) {
            assertFalse(reread.chunkDone("app.by_name", 0), "a rerun reads the reload back from the journal");
            assertEquals(0, reread.rows("app.by_name"));
            assertTrue(reread.chunkDone("app.by_code", 0), "other tables keep their chunks");
            assertEquals(500, reread.rows("app.by_code"));
        }
    }

    private static TableSpec table(String name, String collation) {
        ColumnSpec key = new ColumnSpec("name", "varchar", "varchar(40)", "utf8mb4", collation, false, false);
        return new TableSpec("app", name, List.of(key), List.of(key), null, 1000, 40);
    }
}
