package offramp.verify;

import offramp.cli.CliRun;
import offramp.copy.Clients;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** offramp checksum between two servers holding the torture schema: identical, then one change at a time. */
class ChecksumIT {

    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-checksum-it");
    private static LocalServer left;
    private static LocalServer right;

    @BeforeAll
    static void twoServers() throws Exception {
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
        assertTrue(run.out().contains("table torture.zero_id: AUTO_INCREMENT differs: 8 on the left, 100 on the right"), run.out());
    }

    @Test
    void aSampleComparesTheFirstAndLastChunksOfEachTableAndALiveReplicasCounterCanBeLeftOut() throws Exception {
        change("ALTER TABLE torture.zero_id AUTO_INCREMENT = 100");
        Checksummer all = new Checksummer(left.rootEndpoint("left"), right.rootEndpoint("right"), 2, 50);
        ChecksumReport full = all.compare(List.of("torture"), List.of());
        ChecksumReport sample = all.sampled(2).withoutAutoIncrementCounters().compare(List.of("torture"), List.of());
        assertTrue(sample.chunks() < full.chunks(), sample.chunks() + " of " + full.chunks());
        assertFalse(full.identical());
        assertTrue(sample.identical(), sample.found().toString());
        change("UPDATE torture.types SET vc = CONCAT(COALESCE(vc, ''), 'x') ORDER BY id DESC LIMIT 1");
        ChecksumReport last = all.sampled(2).withoutAutoIncrementCounters().compare(List.of("torture"), List.of());
        assertTrue(last.found().stream().anyMatch(d -> d.object().startsWith("table torture.types chunk")), last.found().toString());
    }

    @Test
    void twoEqualRowsDoNotCancel() throws Exception {
        // What BIT_XOR of row hashes could not see: each side holds its row twice, so each side's XOR is zero.
        for (LocalServer s : new LocalServer[] {left, right}) {
            try (Connection c = s.connect(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE torture.ledger (what VARCHAR(20), amount INT)");
                int amount = s == left ? 100 : 999999;
                st.execute("INSERT INTO torture.ledger VALUES ('refund', " + amount + "), ('refund', " + amount + ")");
            }
        }
        try (Connection l = left.connect(); Connection r = right.connect()) {
            assertNotEquals(TableChecksums.of(l, List.of("torture")).get("`torture`.`ledger`"),
                TableChecksums.of(r, List.of("torture")).get("`torture`.`ledger`"), "CHECKSUM TABLE ... EXTENDED tells them apart");
        }
        CliRun run = checksum();
        assertEquals(4, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("table torture.ledger chunk 0 (key start to end): contents differ"), run.out());
    }

    @Test
    void eachDifferingPartOfADefinitionIsNamed() throws Exception {
        change("ALTER TABLE torture.types MODIFY vc VARCHAR(101) NULL");
        change("ALTER TABLE torture.unique_only DROP INDEX by_other, ADD INDEX by_other (other, code)");
        change("ALTER TABLE torture.parent ADD COLUMN extra INT NULL");
        change("DROP TRIGGER torture.corrupt_ci");
        change("CREATE TRIGGER torture.corrupt_ci BEFORE INSERT ON torture.ci_composite FOR EACH ROW SET NEW.note = 'corrupted by trigger'");
        CliRun run = checksum();
        assertEquals(4, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("table torture.types: column `vc` differs: `vc` varchar(100) DEFAULT NULL on the left, "
            + "`vc` varchar(101) DEFAULT NULL on the right"), run.out());
        assertTrue(run.out().contains("table torture.unique_only: index `by_other` differs: KEY `by_other` (`other`) on the left, "
            + "KEY `by_other` (`other`,`code`) on the right"), run.out());
        assertTrue(run.out().contains("table torture.parent: column `extra` only on the right"), run.out());
        assertTrue(run.out().contains("trigger torture.corrupt_ci: body differs: SET NEW.note = 'CORRUPTED BY TRIGGER' on the left, "
            + "SET NEW.note = 'corrupted by trigger' on the right"), run.out());

        CliRun json = checksum("--json");
        assertEquals(4, json.exit(), json.out() + json.err());
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertFalse(report.path("identical").asBoolean(true), json.out());
        JsonNode body = null;
        for (JsonNode d : report.path("differences")) {
            // recreated by this test's session, the trigger's creation context may differ too: a part of its own
            if (d.path("object").asText().equals("trigger torture.corrupt_ci") && d.path("part").asText().equals("body")) {
                body = d;
            }
        }
        assertNotNull(body, json.out());
        assertEquals("body", body.path("part").asText());
        assertEquals("SET NEW.note = 'CORRUPTED BY TRIGGER'", body.path("left").asText());
        assertEquals("SET NEW.note = 'corrupted by trigger'", body.path("right").asText());
    }

    @Test
    void aColumnMissingOnOneSideIsADifferenceNotAFailure() throws Exception {
        change("ALTER TABLE torture.nokey DROP COLUMN b");
        CliRun run = checksum();
        assertEquals(4, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("table torture.nokey: column `b` only on the left"), run.out());
        assertTrue(run.out().contains("table torture.nokey chunk 0 (key start to end): rows differ: 706 rows on the left, unreadable"), run.out());
    }

    @Test
    void aRowOnlyOnOneSideIsCounted() throws Exception {
        change("DELETE FROM torture.nokey WHERE a = 1 LIMIT 1");
        CliRun run = checksum();
        assertEquals(4, run.exit(), run.out());
        assertTrue(run.out().contains("table torture.nokey chunk 0"), run.out());
    }

    @Test
    void aRowLongerThanMaxAllowedPacketFailsTheComparisonRatherThanGoingUnseen() throws Exception {
        // CONCAT_WS gives NULL beyond max_allowed_packet: on both sides the row would be left out of the sums.
        for (LocalServer s : new LocalServer[] {left, right}) {
            try (Connection c = s.connect(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE torture.wide (a VARCHAR(9000), b VARCHAR(9000)) CHARACTER SET latin1");
                st.execute("INSERT INTO torture.wide VALUES (REPEAT('a', 9000), REPEAT('" + (s == left ? "b" : "c") + "', 9000))");
                st.execute("SET GLOBAL max_allowed_packet = 16384");
            }
        }
        try {
            CliRun run = checksum();
            assertEquals(1, run.exit(), run.out() + run.err());
            assertTrue(run.err().contains("table torture.wide chunk 0: 1 rows could not be hashed"), run.err());
        } finally {
            for (LocalServer s : new LocalServer[] {left, right}) {
                try (Connection c = s.connect(); Statement st = c.createStatement()) {
                    st.execute("SET GLOBAL max_allowed_packet = " + (256 << 20));
                }
            }
        }
    }

    @Test
    void aTableThatCannotBeReadFailsTheComparisonRatherThanCountingAsMissing() throws Exception {
        try (Connection c = right.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE USER IF NOT EXISTS 'reader'@'localhost'");
            st.execute("CREATE USER IF NOT EXISTS 'reader'@'127.0.0.1'");
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'torture' "
                + "AND TABLE_NAME <> 'types'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String host : List.of("localhost", "127.0.0.1")) {
                for (String table : tables) {
                    st.execute("GRANT SELECT, SHOW VIEW ON torture.`" + table + "` TO 'reader'@'" + host + "'");
                }
            }
        }
        List<String> args = new ArrayList<>(List.of("checksum", "--left", left.uri("root").toString(), "--right",
            right.uri("reader").toString(), "--schemas", "torture", "--chunk-rows", "50", "--threads", "2"));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("reading the definition of torture.types failed") && run.err().contains("denied"),
            run.err());
    }

    @Test
    void differencesFoundWhileTheLeftIsWrittenAreReportedAsMayBeFalseNotAsFact() throws Exception {
        CliRun run = whileTheLeftIsWritten("INSERT INTO torture.nokey VALUES (9, 'load')", "");
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("MAY DIFFER table torture.nokey chunk 0") && run.out().contains(
            "(may be false: left (" + left.uri("root") + ") moved during the comparison)"), run.out());
        assertFalse(run.out().contains("DIFFERS "), run.out());
        assertTrue(run.out().matches("(?s).*NOTE left \\(" + java.util.regex.Pattern.quote(left.uri("root").toString())
            + "\\) moved during the comparison: binlog \\S+:\\d+ to \\S+:\\d+.*"), run.out());
        assertTrue(run.out().contains("inconclusive") && run.out().contains("`offramp verify`"), run.out());
        assertFalse(run.out().contains("NOTE right"), run.out());

        CliRun json = whileTheLeftIsWritten("INSERT INTO torture.nokey VALUES (9, 'load')", "--json");
        assertEquals(1, json.exit(), json.out() + json.err());
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertFalse(report.path("conclusive").asBoolean(true), json.out());
        assertTrue(report.path("moved").path(0).path("summary").asText().startsWith("left ("), json.out());
    }

    @Test
    void identicalServersAreIdenticalWithANoteWhenOneMovedMeanwhile() throws Exception {
        try (Connection c = left.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS scratch");
            st.execute("CREATE TABLE IF NOT EXISTS scratch.load (id INT AUTO_INCREMENT PRIMARY KEY, v INT)");
        }
        CliRun run = whileTheLeftIsWritten("INSERT INTO scratch.load (v) VALUES (1)", "");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("identical: 10 tables") && run.out().contains("while a server moved"), run.out());
        assertTrue(run.out().contains("NOTE left (" + left.uri("root") + ") moved during the comparison: binlog "), run.out());
    }

    /** A checksum while a thread writes on the left without pause, from before it starts until it ends. */
    private static CliRun whileTheLeftIsWritten(String write, String option) throws Exception {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread load = new Thread(() -> {
            try (Connection c = left.connect(); Statement st = c.createStatement()) {
                while (!stop.get()) {
                    st.execute(write);
                    written.incrementAndGet();
                }
            } catch (Exception e) {
                failed.set(e);
            }
        }, "write-load");
        load.start();
        try {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (written.get() < 10 && failed.get() == null && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(written.get() >= 10, "the write load runs: " + failed.get());
            return option.isEmpty() ? checksum() : checksum(option);
        } finally {
            stop.set(true);
            load.join(10_000);
            if (failed.get() != null) {
                throw failed.get();
            }
        }
    }

    private static void change(String sql) throws Exception {
        try (Connection c = right.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static CliRun checksum(String... more) {
        List<String> args = new ArrayList<>(List.of("checksum", "--left", left.uri("root").toString(), "--right",
            right.uri("root").toString(), "--schemas", "torture", "--chunk-rows", "50", "--threads", "2"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }
}
