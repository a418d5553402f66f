package offramp.copy;

import offramp.cli.CliRun;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import offramp.testing.Poll;
import offramp.verify.TableChecksums;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code copy --fast-load}: the target's durability is relaxed while the copy loads and is back as it was after
 * it, after a failure, and, when the copy was killed with SIGKILL, after the rerun; a user who may not change it
 * is refused before anything changes.
 */
class FastLoadIT {

    private static final String DURABLE = "innodb_flush_log_at_trx_commit 1, sync_binlog 1";
    /** Both settings relaxed: the copy sets them one after the other, so a look in between sees only the first. */
    private static final String RELAXED = "innodb_flush_log_at_trx_commit 2, sync_binlog 0";

    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-fast-load-it");
    private static LocalServer source;
    private static LocalServer target;

    @BeforeAll
    static void servers() throws Exception {
        source = sandbox.startServer("source", ServerOptions.defaults());
        target = sandbox.startServer("target", ServerOptions.defaults().withServerId(2));
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE fl");
            s.execute("USE fl");
            s.execute("CREATE TABLE fl.a (id INT PRIMARY KEY, v VARCHAR(200), n DECIMAL(10,2), KEY by_n (n))");
            s.execute("INSERT INTO fl.a SELECT seq, REPEAT(CHAR(65 + seq % 26), 150), seq / 7 FROM seq_1_to_200000");
            s.execute("CREATE TABLE fl.b (k VARCHAR(30) PRIMARY KEY, body BLOB)");
            s.execute("INSERT INTO fl.b SELECT CONCAT('key-', seq), RANDOM_BYTES(200) FROM seq_1_to_60000");
            s.execute("ANALYZE TABLE fl.a, fl.b");
        }
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE USER 'loader'@'localhost'");
            s.execute("GRANT ALL ON fl.* TO 'loader'@'localhost'");
        }
    }

    /** The target starts every test as a durable replica runs. */
    @BeforeEach
    void durableTarget() throws Exception {
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS fl");
            s.execute("SET GLOBAL innodb_flush_log_at_trx_commit = 1, sync_binlog = 1");
        }
        assertEquals(DURABLE, settings());
    }

    @Test
    void theSettingsAreRelaxedWhileTheCopyLoadsAndBackAfterIt() throws Exception {
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.of(copy(work, "root", "--fast-load")));
        String during = awaitRelaxed(run::isDone);
        CliRun done = run.get(300, TimeUnit.SECONDS);
        assertEquals(0, done.exit(), done.out() + done.err());
        assertEquals(RELAXED, during, "relaxed while it loaded");
        assertEquals(DURABLE, settings(), "put back at the end");
        assertTrue(done.out().contains("fast load: innodb_flush_log_at_trx_commit 1 -> 2, sync_binlog 1 -> 0"), done.out());
        assertIdentical();
    }

    @Test
    void aCopyThatFailsPutsTheSettingsBack() throws Exception {
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.of(copy(work, "root", "--fast-load",
            "--chunk-rows", "2000", "--stall-seconds", "3")));
        awaitRelaxed(run::isDone);
        Path journal = work.resolve(CopyJournal.FILE);
        // the loads have begun: the watchdog watches them
        Poll.closely("the copy to journal a chunk", Duration.ofSeconds(60),
            () -> run.isDone() || Files.readString(journal).contains("\"fact\":\"chunk\""));
        CliRun stalled;
        try (Connection holder = target.connect(); Statement s = holder.createStatement()) {
            s.execute("FLUSH TABLES WITH READ LOCK"); // no load can commit: the watchdog stops the copy
            stalled = run.get(120, TimeUnit.SECONDS);
            s.execute("UNLOCK TABLES");
        }
        assertEquals(1, stalled.exit(), stalled.out() + stalled.err());
        assertTrue(stalled.err().contains("nothing moved for"), stalled.err());
        assertEquals(DURABLE, settings(), "put back after the failure: " + stalled.out() + stalled.err());
        assertTrue(stalled.out().contains("fast load: the target's " + DURABLE + " restored"), stalled.out());
    }

    @Test
    void aCopyKilledWhileTheSettingsAreRelaxedHasThemPutBackByTheRerun() throws Exception {
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-cp", System.getProperty("java.class.path"), "offramp.cli.Main"));
        command.addAll(List.of(copy(work, "root", "--fast-load", "--threads", "2", "--chunk-rows", "5000")));
        Process copy = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("out.log").toFile())).start();
        awaitRelaxed(() -> !copy.isAlive());
        assertTrue(copy.isAlive(), "killed mid-copy: " + Files.readString(work.resolve("out.log")));
        copy.destroyForcibly(); // SIGKILL to the copy's own JVM: no finally, no shutdown hook
        assertTrue(copy.waitFor(30, TimeUnit.SECONDS));
        assertFalse(ProcessHandle.of(copy.pid()).map(ProcessHandle::isAlive).orElse(false), "the copy is gone");
        assertEquals(RELAXED, settings(), "the kill left them relaxed");

        CliRun rerun = CliRun.of(copy(work, "root")); // the rerun need not ask for a fast load to put it back
        assertEquals(0, rerun.exit(), rerun.out() + rerun.err());
        assertTrue(rerun.out().contains("restored the target's " + DURABLE + ", which an interrupted fast load had relaxed"),
            rerun.out());
        assertEquals(DURABLE, settings());
        assertIdentical();
        String journal = Files.readString(work.resolve(CopyJournal.FILE));
        assertTrue(journal.indexOf("\"fact\":\"relaxed\"") < journal.indexOf("\"fact\":\"chunk\""),
            "journalled before the first chunk loaded");
    }

    @Test
    void aUserWhoMayNotChangeGlobalSettingsIsRefusedBeforeAnythingChanges() throws Exception {
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        CliRun run = CliRun.of(copy(work, "loader", "--fast-load"));
        assertEquals(2, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("--fast-load changes global settings on the target, which loader may not"), run.err());
        assertTrue(run.err().contains("GRANT SUPER, BINLOG ADMIN ON *.* TO loader"), run.err());
        assertTrue(run.err().contains("or copy without --fast-load"), run.err());
        assertEquals(DURABLE, settings());
        try (Connection c = target.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'fl'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "no table created");
        }
    }

    private static String[] copy(Path work, String toUser, String... more) {
        List<String> args = new ArrayList<>(List.of("copy", "--from", source.uri("root").toString(),
            "--to", target.uri(toUser).toString(), "--schemas", "fl", "--work-dir", work.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** Waits until the target runs with relaxed settings (bounded), and says what they were then. */
    private static String awaitRelaxed(BooleanSupplier runEnded) throws Exception {
        String relaxed = Poll.closely("the copy to relax both of the target's settings", Duration.ofSeconds(60),
            () -> runEnded.getAsBoolean() ? null : settings(), now -> now == null || now.equals(RELAXED));
        assertNotNull(relaxed, "the copy ended without relaxing the target's settings");
        return relaxed;
    }

    private static String settings() throws Exception {
        try (Connection c = target.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@GLOBAL.innodb_flush_log_at_trx_commit, @@GLOBAL.sync_binlog")) {
            rs.next();
            return "innodb_flush_log_at_trx_commit " + rs.getString(1) + ", sync_binlog " + rs.getString(2);
        }
    }

    private static void assertIdentical() throws Exception {
        try (Connection s = source.connect(); Connection t = target.connect()) {
            assertEquals(TableChecksums.of(s, List.of("fl")), TableChecksums.of(t, List.of("fl")));
        }
    }
}
