package offramp.verify;

import offramp.cli.CliRun;
import offramp.copy.Clients;
import offramp.sandbox.LocalServer;
import offramp.sandbox.Sandbox;
import offramp.sandbox.ServerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** offramp checksum between two servers holding the torture schema: identical, then one change at a time. */
class ChecksumIT {

    private static Sandbox sandbox;
    private static LocalServer left;
    private static LocalServer right;

    @BeforeAll
    static void twoServers() throws Exception {
        sandbox = Sandbox.temporary("offramp-checksum-it");
        left = sandbox.startServer("left", ServerOptions.defaults());
        right = sandbox.startServer("right", ServerOptions.defaults().withServerId(2));
    }

    @BeforeEach
    void sameData() throws Exception {
        for (LocalServer s : new LocalServer[] {left, right}) {
            try (Connection c = s.connect(); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS torture");
            }
            Clients.runSql(s, Path.of("src/test/resources/copy/torture.sql"));
        }
    }

    @AfterAll
    static void cleanup() {
        sandbox.close();
    }

    @Test
    void theSameDataIsIdentical() {
        CliRun run = checksum();
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("identical: 10 tables"), run.out());
    }

    @Test
    void aSingleChangedByteIsFoundInItsChunk() throws Exception {
        change("UPDATE torture.types SET bin = CONCAT(LEFT(bin, 100), 'x', SUBSTRING(bin, 102)) WHERE LENGTH(bin) = 256");
        CliRun run = checksum();
        assertEquals(4, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("table torture.types chunk") && run.out().contains("contents differ"), run.out());
    }

    @Test
    void nullAndEmptyAreToldApart() throws Exception {
        change("UPDATE torture.types SET vc = '' WHERE vc IS NULL AND txt IS NULL AND bin IS NULL");
        assertEquals(4, checksum().exit());
    }

    @Test
    void aChangeInACollationEqualKeyIsFound() throws Exception {
        change("UPDATE torture.ci_composite SET note = 'changed' WHERE name = BINARY 'A' AND n = 1");
        CliRun run = checksum();
        assertEquals(4, run.exit(), run.out());
        assertTrue(run.out().contains("torture.ci_composite"), run.out());
    }

    @Test
    void missingObjectsAndAnAutoIncrementCounterAreFound() throws Exception {
        change("DROP VIEW torture.v_top");
        change("DROP TRIGGER torture.corrupt_ci");
        change("ALTER TABLE torture.zero_id AUTO_INCREMENT = 100");
        CliRun run = checksum();
        assertEquals(4, run.exit(), run.out());
        assertTrue(run.out().contains("view torture.v_top: only on the left"), run.out());
        assertTrue(run.out().contains("trigger torture.corrupt_ci: only on the left"), run.out());
        assertTrue(run.out().contains("table torture.zero_id: definitions differ"), run.out());
    }

    @Test
    void aRowOnlyOnOneSideIsCounted() throws Exception {
        change("DELETE FROM torture.nokey WHERE a = 1 LIMIT 1");
        CliRun run = checksum();
        assertEquals(4, run.exit(), run.out());
        assertTrue(run.out().contains("table torture.nokey chunk 0"), run.out());
    }

    private static void change(String sql) throws Exception {
        try (Connection c = right.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static CliRun checksum() {
        return CliRun.of("checksum", "--left", left.uri("root").toString(), "--right", right.uri("root").toString(),
            "--schemas", "torture", "--chunk-rows", "50", "--threads", "2");
    }
}
