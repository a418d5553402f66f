package offramp.verify.live;

import offramp.binlog.BinlogCoordinates;
import offramp.cli.CliRun;
import offramp.replication.Replica;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import offramp.server.Endpoint;
import offramp.server.Queries;
import offramp.server.Secret;
import offramp.server.ServerUri;
import offramp.testing.Poll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * offramp verify against a MariaDB replica of a live source: a million rows under a sustained mixed write load that
 * touches every chunk while it is compared; differences made on the replica behind replication's back; and kill -9
 * while the replica's applier is paused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifyIT {

    private static final String REPL_PASSWORD = "repl-Verify-3";
    private static final int ROWS = 1_000_000;
    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-verify-it");
    private static LocalServer source;
    private static LocalServer replica;

    @BeforeAll
    static void servers() throws Exception {
        source = sandbox.startServer("source", ServerOptions.defaults());
        replica = sandbox.startServer("replica", ServerOptions.defaults().withServerId(2));
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            s.execute("CREATE USER 'repl'@'localhost' IDENTIFIED BY '" + REPL_PASSWORD + "'");
            s.execute("GRANT REPLICATION SLAVE ON *.* TO 'repl'@'localhost'");
        }
        BinlogCoordinates at;
        try (Connection c = source.connect()) {
            at = Replica.currentPosition(c);
        }
        try (Connection r = replica.connect(); Statement s = r.createStatement()) {
            // Parallel apply, as offramp replicate sets it up: UNTIL and the pauses must work with worker threads.
            s.execute("SET GLOBAL slave_parallel_threads = 4");
            s.execute("SET GLOBAL slave_parallel_mode = 'optimistic'");
            new Replica(r).start("localhost", source.port(), new Endpoint("replication",
                new ServerUri("repl", "localhost", source.port()), new Secret(REPL_PASSWORD)), at);
            s.execute("SET GLOBAL read_only = ON");
        }
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE app");
            s.execute("USE app");
            s.execute("CREATE TABLE app.orders (id BIGINT PRIMARY KEY, customer INT NOT NULL, amount DECIMAL(12,2) NOT NULL, "
                + "note VARCHAR(64) NULL, updated DATETIME(6) NOT NULL, KEY by_customer (customer))");
            s.execute("INSERT INTO app.orders SELECT seq, seq % 1000, seq / 100, IF(seq % 7 = 0, NULL, CONCAT('n', seq)), "
                + "'2026-01-01 00:00:00' FROM seq_1_to_" + ROWS);
            s.execute("CREATE TABLE app.keyless (a INT, b VARCHAR(20))");
            s.execute("INSERT INTO app.keyless SELECT seq, IF(seq % 5 = 0, NULL, CONCAT('k', seq)) FROM seq_1_to_2000");
            s.execute("CREATE TABLE app.tags (name VARCHAR(40) PRIMARY KEY, body BLOB, score DOUBLE)");
            s.execute("INSERT INTO app.tags SELECT CONCAT('tag-', seq), UNHEX(SHA1(seq)), seq / 3 FROM seq_1_to_3000");
        }
        caughtUp();
    }

    @Test
    @Order(1)
    void noFalseDifferenceUnderAMixedWriteLoadInFiveRuns() throws Exception {
        try (Load load = new Load()) {
            Path work = sandbox.root().resolve("verify-clean");
            for (int run = 1; run <= 5; run++) {
                long before = load.writes();
                CliRun r = verify(work, "--chunk-rows", "50000", "--max-snapshot-seconds", "3");
                assertEquals(0, r.exit(), "run " + run + ": " + r.out() + r.err());
                assertTrue(r.out().contains("identical: 3 tables, "), r.out());
                assertTrue(commonPoints(r.out()) >= 2, "the work is cut into slices, each at a common point: " + r.out());
                assertTrue(load.writes() > before + 50, "the load wrote during the run: " + (load.writes() - before));
            }
            load.check();
        }
        Path textfile = sandbox.root().resolve("clean.prom");
        CliRun status = status(sandbox.root().resolve("verify-clean"), "--textfile", textfile.toString());
        assertEquals(0, status.exit(), status.out() + status.err());
        assertTrue(status.out().contains("identical to the source at the last verification"), status.out());
        String metrics = Files.readString(textfile);
        assertTrue(metrics.contains("offramp_verify_differing_tables{replica=\"127.0.0.1:" + replica.port() + "\"} 0"), metrics);
        assertTrue(metrics.matches("(?s).*offramp_verify_rows_verified_total\\{[^}]*\\} [0-9.E]+\n.*"), metrics);
        assertFalse(metrics.contains("offramp_verify_last_success_timestamp_seconds{replica=\"127.0.0.1:" + replica.port() + "\"} 0.0"), metrics);
    }

    @Test
    @Order(1)
    void mysqlsPathTheBriefTableLockRunsEndToEndHereToo() throws Exception {
        SourceRead.lockEverywhere = true;
        try (Load load = new Load()) {
            for (int run = 1; run <= 2; run++) {
                CliRun r = verify(sandbox.root().resolve("verify-lock"), "--chunk-rows", "50000", "--max-snapshot-seconds", "2");
                assertEquals(0, r.exit(), "run " + run + ": " + r.out() + r.err());
                assertTrue(r.out().contains("identical: 3 tables, ") && r.out().contains("longest write stall by the table lock"),
                    r.out());
            }
            load.check();
        } finally {
            SourceRead.lockEverywhere = false;
        }
    }

    @Test
    @Order(2)
    void findsEveryDifferenceMadeOnTheReplicaBehindReplicationsBack() throws Exception {
        try (Load load = new Load()) {
            try (Connection r = replica.connect(); Statement s = r.createStatement()) {
                s.execute("SET SESSION sql_log_bin = 0");
                s.execute("UPDATE app.orders SET note = 'changed' WHERE id = 500000");
                s.execute("DELETE FROM app.orders WHERE id = 250000");
                s.execute("INSERT INTO app.orders VALUES (-7, 1, 1.00, 'extra', NOW(6))");
                s.execute("UPDATE app.orders SET note = '' WHERE id = 700");
                s.execute("UPDATE app.orders SET amount = amount + 0.01 WHERE id = 123450");
                s.execute("INSERT INTO app.keyless SELECT * FROM app.keyless WHERE a = 10");
            }
            try (Connection r = replica.connect(); Statement s = r.createStatement()) {
                // A trigger of the replica's own: replication's row events never fire it, a repair statement would.
                s.execute("SET SESSION sql_log_bin = 0");
                s.execute("CREATE DATABASE replica_only");
                s.execute("CREATE TABLE replica_only.audit (id BIGINT)");
                s.execute("CREATE TRIGGER app.orders_audit AFTER UPDATE ON app.orders FOR EACH ROW "
                    + "INSERT INTO replica_only.audit VALUES (NEW.id)");
            }
            Path repair = sandbox.root().resolve("repair.sql");
            CliRun r = verify(sandbox.root().resolve("verify-differs"), "--chunk-rows", "50000", "--max-snapshot-seconds", "3",
                "--repair-sql", repair.toString());
            assertEquals(4, r.exit(), r.out() + r.err());
            String statements = Files.readString(repair);
            assertTrue(statements.contains("-- The replica's triggers fire for these statements")
                && statements.contains("--   app.orders: orders_audit AFTER UPDATE"), statements);
            assertTrue(statements.contains("SET SESSION sql_log_bin = 0;") && statements.contains("`app`.`orders`"), statements);
            assertTrue(r.out().contains("different: 3 tables"), r.out());
            for (long id : List.of(500000L, 250000L, -7L, 700L, 123450L)) {
                assertTrue(reported(r.out(), id), "the chunk of id " + id + " differs: " + r.out());
            }
            assertTrue(r.out().contains("DIFFERS table app.keyless chunk 0"), r.out());
            assertFalse(r.out().contains("app.tags"), "no false alarm: " + r.out());
            String report = Files.readString(sandbox.root().resolve("verify-differs").resolve("verify-report.html"));
            assertTrue(report.contains("DIFFERS") && report.contains("table app.orders chunk"), report);
            load.check();
        }
        CliRun status = status(sandbox.root().resolve("verify-differs"));
        assertEquals(2, status.exit(), "CRITICAL: " + status.out() + status.err());
        assertTrue(status.out().contains("found the replica different from its source: trigger app.orders_audit, table app.keyless, "
            + "table app.orders"),
            status.out());
        try (Connection r = replica.connect(); Statement s = r.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            s.execute("DROP TRIGGER app.orders_audit");
            s.execute("DROP DATABASE replica_only");
            s.execute("UPDATE app.orders SET note = 'n500000' WHERE id = 500000");
            s.execute("INSERT INTO app.orders VALUES (250000, 0, 2500.00, 'n250000', '2026-01-01 00:00:00')");
            s.execute("DELETE FROM app.orders WHERE id = -7");
            s.execute("UPDATE app.orders SET note = NULL WHERE id = 700");
            s.execute("UPDATE app.orders SET amount = amount - 0.01 WHERE id = 123450");
            s.execute("DELETE FROM app.keyless WHERE a = 10 LIMIT 1");
        }
        CliRun clean = verify(sandbox.root().resolve("verify-differs"), "--chunk-rows", "50000");
        assertEquals(0, clean.exit(), clean.out() + clean.err());
    }

    @Test
    @Order(3)
    void aKillWhileTheApplierIsPausedLeavesReplicationRunningAndTheRerunResumes() throws Exception {
        Path work = sandbox.root().resolve("verify-killed");
        Files.createDirectories(work);
        Path log = work.resolve("child.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-cp", System.getProperty("java.class.path"), PausedVerify.class.getName(), "3"));
        command.addAll(arguments(work, "--chunk-rows", "50000", "--max-snapshot-seconds", "1"));
        try (Load load = new Load()) {
            // The run compares two slices of chunks before the third pause, so that the rerun has something to resume.
            Process run = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Poll.until("the verify run to pause the applier", Duration.ofSeconds(120),
                () -> !run.isAlive() || Files.readString(log).contains("seam: the applier is paused"));
            assertTrue(run.isAlive(), Files.readString(log));
            assertEquals("No", sqlThread(), "the applier is paused: " + Files.readString(log));
            long pid = run.pid();
            run.destroyForcibly();
            run.waitFor();
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the JVM itself is gone");
            long killed = System.nanoTime();
            Poll.until("the guard to start the applier again", Duration.ofSeconds(10), () -> "Yes".equals(sqlThread()));
            assertTrue(System.nanoTime() - killed < 10_000_000_000L);
            assertTrue(Files.readString(work.resolve("verify-guard.log")).contains("the replica's applier runs again"),
                Files.readString(work.resolve("verify-guard.log")));
            load.check();
        }
        CliRun rerun = verify(work, "--chunk-rows", "50000", "--max-snapshot-seconds", "1");
        assertEquals(0, rerun.exit(), rerun.out() + rerun.err());
        Matcher resumed = Pattern.compile("resuming the verification in \\S+: (\\d+) chunks already compared").matcher(rerun.out());
        assertTrue(resumed.find() && Integer.parseInt(resumed.group(1)) > 0, rerun.out() + "\nkilled run:\n" + Files.readString(log));
        assertTrue(rerun.out().contains("identical: 3 tables"), rerun.out());
    }

    @Test
    @Order(4)
    void missingPrivilegesAreNamedWithTheirGrantBeforeAnythingIsPaused() throws Exception {
        try (Connection r = replica.connect(); Statement s = r.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            s.execute("CREATE USER 'reader'@'%' IDENTIFIED BY 'Reader-Pw-1'");
            s.execute("GRANT SELECT ON app.* TO 'reader'@'%'");
        }
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            s.execute("CREATE USER 'reader'@'%' IDENTIFIED BY 'Reader-Pw-1'");
            s.execute("GRANT SELECT ON app.* TO 'reader'@'%'");
        }
        Path password = sandbox.root().resolve("reader.pw");
        Files.writeString(password, "Reader-Pw-1\n");
        CliRun r = CliRun.of("verify", "--source", source.uri("reader").toString(), "--replica", replica.uri("reader").toString(),
            "--source-password-file", password.toString(), "--replica-password-file", password.toString(),
            "--work-dir", sandbox.root().resolve("verify-grants").toString(), "--schemas", "app");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("GRANT BINLOG MONITOR ON *.* TO reader"), r.err());
        assertTrue(r.err().contains("GRANT REPLICATION SLAVE ADMIN, SLAVE MONITOR ON *.* TO reader"), r.err());
        assertEquals("Yes", sqlThread());
    }

    @Test
    @Order(5)
    void underTheFenceOnlyTheChunksTheBinlogsSayChangedAreComparedAndAChangeThereIsFound() throws Exception {
        Path work = sandbox.root().resolve("verify-fenced");
        // Still servers here, so that the writes below are the only changes since each chunk's verification (under a
        // load, every chunk the load writes after its verification is compared again).
        CliRun first = verify(work, "--chunk-rows", "50000");
        assertEquals(0, first.exit(), first.out() + first.err());
        Verified verified = FencedComparison.usable(work);
        int planned = verified.plans().values().stream().mapToInt(List::size).sum();
        // After the verification: the application changes one row (it replicates); on the replica, a row of the same
        // chunk changes behind replication's back, and one of another chunk with the replica's binlog on.
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE app.orders SET note = 'after' WHERE id = 300001");
        }
        caughtUp();
        try (Connection r = replica.connect(); Statement s = r.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            s.execute("UPDATE app.orders SET amount = 0 WHERE id = 300010");
            s.execute("SET SESSION sql_log_bin = 1");
            s.execute("UPDATE app.orders SET amount = 0 WHERE id = 800010");
        }
        BinlogCoordinates f;
        try (Connection c = source.connect()) {
            f = Replica.currentPosition(c);
        }
        FencedComparison.Outcome outcome = FencedComparison.compare(source.rootEndpoint("source"),
            replica.rootEndpoint("replica"), verified, List.of("app"), List.of(), f, 2, 50_000);
        String lines = String.join("\n", outcome.differences().stream().map(d -> "DIFFERS " + d).toList());
        assertTrue(reported(lines, 300010), "the chunk the application wrote is compared again: " + lines + " " + outcome.found());
        assertTrue(reported(lines, 800010), "the replica's own binlogged write is found: " + lines + " " + outcome.found());
        assertEquals(2, outcome.found().chunks().get("app.orders").size(), outcome.found().toString());
        String rows = String.join("\n", outcome.rows());
        assertTrue(rows.contains(": CHANGED row id='300010' (columns amount)"), "the row changed behind replication's back: " + rows);
        assertTrue(rows.contains(": CHANGED row id='800010' (columns amount)"), rows);
        assertEquals(2, outcome.rows().size(), rows);
        assertTrue(outcome.compared() < planned / 2, outcome.compared() + " of " + planned + " chunks");
        try (Connection r = replica.connect(); Statement s = r.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            s.execute("UPDATE app.orders o JOIN (SELECT 1) x SET o.amount = o.id / 100 WHERE o.id IN (300010, 800010)");
        }
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM app.keyless WHERE a = 3");
        }
        caughtUp();
        try (Connection c = source.connect()) {
            f = Replica.currentPosition(c);
        }
        FencedComparison.Outcome clean = FencedComparison.compare(source.rootEndpoint("source"),
            replica.rootEndpoint("replica"), verified, List.of("app"), List.of(), f, 2, 50_000);
        assertTrue(clean.identical(), clean.differences().toString());
        assertEquals("it has no key", clean.found().wholeTables().get("app.keyless"), clean.found().toString());
    }

    @Test
    @Order(6)
    void chunksWrittenWhileTheVerificationRanAreComparedAgainSoThatFewAreLeftForTheFence() throws Exception {
        Path work = sandbox.root().resolve("verify-refresh");
        try (Load load = new Load()) {
            CliRun first = verify(work, "--chunk-rows", "50000");
            assertEquals(0, first.exit(), first.out() + first.err());
            load.check();
        }
        BinlogCoordinates f;
        try (Connection c = source.connect()) {
            f = Replica.currentPosition(c);
        }
        FencedComparison.Outcome before = FencedComparison.compare(source.rootEndpoint("source"),
            replica.rootEndpoint("replica"), FencedComparison.usable(work), List.of("app"), List.of(), f, 2, 50_000);
        assertTrue(before.found().chunkCount() > 10, "the load wrote all over the key range: " + before.found());

        VerifySettings settings = new VerifySettings(List.of("app"), List.of(), 50_000, 20, 2_000, 5, 60, 0, 20, work, false, null);
        VerifyResult refreshed = new LiveVerifier(source.rootEndpoint("source"), replica.rootEndpoint("replica"), settings,
            RowFindings.NONE, ReplicationGuard.none(), System.out).refresh(0);
        assertTrue(refreshed.identical(), refreshed.differences().toString());
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE app.orders SET note = 'late' WHERE id = 600001");
            f = Replica.currentPosition(c);
        }
        caughtUp();
        FencedComparison.Outcome after = FencedComparison.compare(source.rootEndpoint("source"),
            replica.rootEndpoint("replica"), FencedComparison.usable(work), List.of("app"), List.of(), f, 2, 50_000);
        assertTrue(after.identical(), after.differences().toString());
        assertEquals(1, after.found().chunks().get("app.orders").size(), after.found().toString());
        assertTrue(after.compared() <= 2, after.compared() + " chunks, " + after.found());
    }

    @Test
    @Order(7)
    void withTheProvisionConfigurationVerifyAndStatusShareTheWorkDirectory() throws Exception {
        Path dir = Files.createDirectories(sandbox.root().resolve("verify-config"));
        Path config = dir.resolve("offramp.yaml");
        Files.writeString(config, String.join("\n",
            "work-dir: " + dir.resolve("state"),
            "source: { uri: " + source.uri("root") + " }",
            "snapshot: { provider: clone, clone: { uri: " + source.uri("root") + " } }",
            "target: { uri: " + replica.uri("root") + " }",
            "replication: { user: repl, source-host: 127.0.0.1 }",
            "copy: { schemas: [app] }",
            ""));
        CliRun r = CliRun.of("verify", "--config", config.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(Files.exists(dir.resolve("state").resolve("verify").resolve(VerifyJournal.FILE)), r.out());
        CliRun status = CliRun.of("status", "--config", config.toString(), "--sample-seconds", "0");
        assertTrue(status.out().contains("identical to the source at the last verification"), status.out() + status.err());
        CliRun both = CliRun.of("verify", "--config", config.toString(), "--source", source.uri("root").toString());
        assertEquals(2, both.exit(), both.out() + both.err());
    }

    private static CliRun status(Path verifyWork, String... more) {
        List<String> args = new ArrayList<>(List.of("status", "--replica", replica.uri("root").toString(), "--source",
            source.uri("root").toString(), "--verify-work-dir", verifyWork.toString(), "--sample-seconds", "0"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static CliRun verify(Path work, String... more) {
        return CliRun.of(arguments(work, more).toArray(String[]::new));
    }

    private static List<String> arguments(Path work, String... more) {
        List<String> args = new ArrayList<>(List.of("verify", "--source", source.uri("root").toString(),
            "--replica", replica.uri("root").toString(), "--work-dir", work.toString(), "--schemas", "app"));
        args.addAll(List.of(more));
        return args;
    }

    /** Whether a differing chunk of app.orders reported in the output holds the key {@code id}. */
    private static boolean reported(String out, long id) {
        Matcher m = Pattern.compile("DIFFERS table app\\.orders chunk \\d+ \\(key (start|after \\[(-?\\d+)\\]) to (end|\\[(-?\\d+)\\])\\)")
            .matcher(out);
        while (m.find()) {
            boolean above = m.group(2) == null || id > Long.parseLong(m.group(2));
            boolean below = m.group(4) == null || id <= Long.parseLong(m.group(4));
            if (above && below) {
                return true;
            }
        }
        return false;
    }

    private static int commonPoints(String out) {
        Matcher m = Pattern.compile("compared at (\\d+) common points").matcher(out);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String sqlThread() throws SQLException {
        try (Connection r = replica.connect()) {
            return new Replica(r).replicationStatus().sqlRunning();
        }
    }

    private static void caughtUp() throws Exception {
        try (Connection c = source.connect(); Connection r = replica.connect()) {
            new Replica(r).awaitPosition(Replica.currentPosition(c), 300);
        }
    }

    /**
     * A mixed write load on the source: updates, deletes and inserts of orders anywhere in the key range (so in
     * whichever chunk is being compared), on rows whose id is not a multiple of 10 (the rows the tests change on the
     * replica are), and inserts and deletes in the keyless table; single statements and multi-statement transactions.
     */
    private static final class Load implements AutoCloseable {
        private static final int ER_LOCK_DEADLOCK = 1213;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong writes = new AtomicLong();
        /** New orders continue the key, so that the chunks stay even; shared by the loads of all tests. */
        private static final AtomicLong nextId = new AtomicLong(ROWS + 1);
        private final List<Thread> threads = new ArrayList<>();
        private volatile Exception failure;

        Load() {
            for (int i = 0; i < 2; i++) {
                Thread t = new Thread(this::write, "write-load-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        private void write() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            try (Connection c = source.connect(); Statement s = c.createStatement()) {
                while (running.get()) {
                    try {
                        writeOnce(s, random);
                    } catch (SQLException e) {
                        // The load's own sessions can deadlock each other (the keyless table's DELETE scans what the
                        // other's INSERT locks): the server rolled one back, and an application retries it.
                        if (e.getErrorCode() != ER_LOCK_DEADLOCK) {
                            throw e;
                        }
                        s.execute("ROLLBACK");
                        continue;
                    }
                    writes.incrementAndGet();
                    Thread.sleep(2);
                }
            } catch (Exception e) {
                failure = e;
            }
        }

        private void writeOnce(Statement s, ThreadLocalRandom random) throws SQLException {
            long id = random.nextLong(1, ROWS) / 10 * 10 + random.nextLong(1, 10);
            switch (random.nextInt(6)) {
                case 0 -> s.execute("DELETE FROM app.orders WHERE id = " + id);
                case 1 -> s.execute("INSERT INTO app.orders VALUES (" + nextInsert() + ", 3, 9.99, 'new', NOW(6))");
                case 2 -> {
                    s.execute("START TRANSACTION");
                    s.execute("UPDATE app.orders SET amount = amount + 1, updated = NOW(6) WHERE id = " + id);
                    s.execute("INSERT INTO app.keyless VALUES (" + (100_000 + random.nextInt(1000)) + ", 'load')");
                    s.execute("COMMIT");
                }
                case 3 -> s.execute("DELETE FROM app.keyless WHERE a >= 100000 LIMIT 1");
                default -> s.execute("UPDATE app.orders SET note = CONCAT('u', " + random.nextInt(1000)
                    + "), updated = NOW(6) WHERE id = " + id);
            }
        }

        private long nextInsert() {
            long id = nextId.getAndIncrement();
            return id % 10 == 0 ? nextId.getAndIncrement() : id;
        }

        long writes() {
            return writes.get();
        }

        void check() {
            assertEquals(null, failure, "the write load failed");
        }

        @Override
        public void close() throws Exception {
            running.set(false);
            for (Thread t : threads) {
                t.join(10_000);
            }
            caughtUp();
        }
    }
}
