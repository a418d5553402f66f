package offramp.verify;

import offramp.catalog.Catalog;
import offramp.catalog.Chunk;
import offramp.catalog.ChunkPlanner;
import offramp.catalog.ReadingSession;
import offramp.catalog.TableSpec;
import offramp.copy.Clients;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Row-level findings between a source and a replica holding the torture schema, with rows changed on the replica
 * only; then the repair statements, applied to the replica, make every chunk's digest equal again.
 */
class RowDiffIT {

    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-rowdiff-it");
    private static LocalServer source;
    private static LocalServer replica;

    @BeforeAll
    static void twoServers() throws Exception {
        source = sandbox.startServer("source", ServerOptions.defaults());
        replica = sandbox.startServer("replica", ServerOptions.defaults().withServerId(2));
    }

    @BeforeEach
    void sameData() throws Exception {
        for (LocalServer s : new LocalServer[] {source, replica}) {
            try (Connection c = s.connect(); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS torture");
            }
            Clients.runSql(s, Path.of("src/test/resources/copy/torture.sql"));
            onReplica(s, "CREATE TABLE torture.bin_key (k VARBINARY(16) NOT NULL, n INT NOT NULL, v VARCHAR(10) NULL, "
                + "PRIMARY KEY (k, n))",
                "INSERT INTO torture.bin_key VALUES (X'', 1, 'empty'), (X'00', 1, 'nul'), (X'FF00', 2, 'ff'), "
                    + "(X'FF00', 3, NULL), ('abc', 1, 'text')");
        }
    }

    @Test
    void eachKindOfDifferenceIsFoundWithItsKeyAndTheRepairMakesTheTablesIdentical() throws Exception {
        onReplica(replica,
            "UPDATE torture.types SET vc = 'changed' WHERE id = 5",
            "UPDATE torture.types SET vc = '' WHERE id = 1",
            "DELETE FROM torture.types WHERE id = 6",
            "INSERT INTO torture.types (id, vc) VALUES (90000, 'extra')",
            "INSERT INTO torture.nokey VALUES (1, 'dup')",
            "DELETE FROM torture.nokey WHERE a = 2 AND b = '' LIMIT 2",
            "UPDATE torture.varchar_key SET v = -1 WHERE k = BINARY 'H-7 '",
            "DELETE FROM torture.ci_composite WHERE name = BINARY 'A' AND n = 1",
            "UPDATE torture.bin_key SET v = 'changed' WHERE k = X'FF00' AND n = 3",
            "DELETE FROM torture.bin_key WHERE k = X''");

        Map<String, List<RowDifference>> found = findings();

        assertEquals(List.of("CHANGED id=1 [vc]", "CHANGED id=5 [vc]", "MISSING id=6 []", "EXTRA id=90000 []"),
            lines(found.get("torture.types")));
        assertEquals(List.of("MISSING a=2,b= [] x2", "EXTRA a=1,b=dup [] x1"), lines(found.get("torture.nokey")));
        assertEquals(List.of("CHANGED k=H-7  [v]"), lines(found.get("torture.varchar_key")));
        assertEquals(List.of("MISSING name=A,n=1 []"), lines(found.get("torture.ci_composite")));
        assertEquals(List.of("MISSING k=0x,n=1 []", "CHANGED k=0xFF00,n=3 [v]"), lines(found.get("torture.bin_key")));
        assertEquals(5, found.size(), found.keySet().toString());

        // The replica's triggers fire on the repair's statements as on any (its BEFORE INSERT trigger would rewrite
        // the row written back): a DBA reviews them first; here the trigger goes on both sides.
        for (LocalServer s : new LocalServer[] {source, replica}) {
            onReplica(s, "DROP TRIGGER torture.corrupt_ci");
        }
        repair(found);

        assertTrue(findings().isEmpty(), findings().toString());
        ChecksumReport after = new Checksummer(source.rootEndpoint("source"), replica.rootEndpoint("replica"), 2, 50)
            .withoutAutoIncrementCounters()
            .compare(List.of("torture"), List.of());
        assertTrue(after.identical(), after.differences().toString());
    }

    @Test
    void rowsOfEveryTypeAreWrittenBackExactly() throws Exception {
        // Every row of the table of all types (NULLs, zero dates, floats, BIT, JSON, spatial, an 18 MB blob): half
        // deleted, half changed, so that each is written back by the repair.
        onReplica(replica, "DELETE FROM torture.types WHERE id % 2 = 0", "UPDATE torture.types SET vc = 'x'", "DELETE FROM torture.nokey WHERE a IS NULL",
            "DELETE FROM torture.zero_id WHERE id = 0");
        Map<String, List<RowDifference>> found = findings();
        assertTrue(found.get("torture.types").size() > 8, found.toString());
        long rows;
        try (Connection c = source.connect(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*) FROM torture.types")) {
            rs.next();
            rows = rs.getLong(1);
        }
        assertEquals(rows, found.get("torture.types").size());
        assertEquals(List.of("MISSING a=null,b=null [] x1"), lines(found.get("torture.nokey")));
        assertEquals(List.of("MISSING id=0 []"), lines(found.get("torture.zero_id")));

        repair(found);

        assertTrue(findings().isEmpty(), findings().toString());
    }

    @Test
    void theLimitBoundsTheFindingsAndSaysThereAreMore() throws Exception {
        onReplica(replica, "DELETE FROM torture.parted WHERE id <= 30");
        try (Connection s = source.connect(); Connection r = replica.connect()) {
            TableSpec t = table(s, "parted");
            DifferingRows f = RowDiff.of(s, r, t, new Chunk(t.id(), 0, offramp.catalog.KeyRange.ALL), 10);
            assertEquals(10, f.rows().size());
            assertTrue(f.more());
            DifferingRows all = RowDiff.of(s, r, t, new Chunk(t.id(), 0, offramp.catalog.KeyRange.ALL), 30);
            assertEquals(30, all.rows().size());
            assertFalse(all.more());
        }
    }

    @Test
    void theLiveVerificationsFindingsCarryEachRowInJsonWithItsRepair() throws Exception {
        onReplica(replica, "UPDATE torture.parted SET v = 'w' WHERE id = 3", "DELETE FROM torture.parted WHERE id <= 2");
        try (Connection s = source.connect(); Connection r = replica.connect()) {
            TableSpec t = table(s, "parted");
            var found = new offramp.verify.live.RowDiffFindings().of(s, r, t,
                new Chunk(t.id(), 0, offramp.catalog.KeyRange.ALL), 2);
            assertEquals(3, found.rows().size(), found.rows().toString());
            assertEquals("MISSING", found.rows().get(0).path("kind").asText());
            assertEquals("1", found.rows().get(0).path("key").path("id").asText());
            assertEquals("2023-06-02", found.rows().get(0).path("key").path("created").asText());
            assertTrue(found.rows().get(2).path("more").asBoolean(), found.rows().toString());
            assertEquals("SET SESSION sql_log_bin = 0", found.repair().get(0));
            assertEquals(2, found.repair().stream().filter(sql -> sql.startsWith("REPLACE INTO `torture`.`parted`")).count(),
                found.repair().toString());
        }
    }

    /** Each difference as {@code KIND col=value,... [columns]}, and {@code xN} for a table without a key. */
    private static List<String> lines(List<RowDifference> differences) {
        List<String> lines = new ArrayList<>();
        for (RowDifference d : differences) {
            List<String> key = new ArrayList<>();
            d.key().forEach((k, v) -> key.add(k + "=" + v));
            lines.add(d.kind() + " " + String.join(",", key) + " " + d.columns()
                + (d.key().size() > 1 && d.at().key().isEmpty() ? " x" + d.count() : ""));
        }
        return lines;
    }

    private static Map<String, List<RowDifference>> findings() throws Exception {
        Map<String, List<RowDifference>> found = new LinkedHashMap<>();
        try (Connection s = source.connect(); Connection r = replica.connect()) {
            ReadingSession.apply(s);
            ReadingSession.apply(r);
            ChunkPlanner planner = new ChunkPlanner(s);
            for (TableSpec t : new Catalog(s).tables(List.of("torture"), List.of())) {
                for (Chunk chunk : planner.plan(t, 50)) {
                    DifferingRows f = RowDiff.of(s, r, t, chunk, 1000);
                    assertFalse(f.more());
                    if (!f.identical()) {
                        found.computeIfAbsent(t.id(), k -> new ArrayList<>()).addAll(f.rows());
                    }
                }
            }
        }
        return found;
    }

    private static void repair(Map<String, List<RowDifference>> found) throws Exception {
        try (Connection s = source.connect(); Connection r = replica.connect(); Statement st = r.createStatement()) {
            for (TableSpec t : new Catalog(s).tables(List.of("torture"), List.of())) {
                if (found.containsKey(t.id())) {
                    List<String> statements = RepairSql.statements(s, t, found.get(t.id()));
                    assertEquals("SET SESSION sql_log_bin = 0", statements.get(0));
                    for (String sql : statements) {
                        st.execute(sql);
                    }
                }
            }
        }
    }

    private static TableSpec table(Connection c, String name) throws Exception {
        return new Catalog(c).tables(List.of("torture"), List.of()).stream().filter(t -> t.name().equals(name))
            .findFirst().orElseThrow();
    }

    private static void onReplica(LocalServer server, String... statements) throws Exception {
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_log_bin = 0");
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }
}
