package offramp.copy;

import offramp.cli.CliRun;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import offramp.testing.Poll;
import offramp.verify.TableChecksums;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The copy watches its own progress: a target where nothing moves stops it with what the target is doing, and
 * huge rows loaded beside other loads and index builds, into a target with the default redo log, copy exactly,
 * fresh and after a kill -9.
 */
class CopyStallIT {

    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-stall-it");
    private static LocalServer source;

    @BeforeAll
    static void servers() throws Exception {
        source = sandbox.startServer("source", ServerOptions.defaults());
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE bulkload");
            s.execute("USE bulkload"); // the SEQUENCE engine's seq_ tables need a current schema
            s.execute("CREATE TABLE bulkload.wide (id INT PRIMARY KEY, a VARCHAR(40), b INT, c DATETIME, d VARCHAR(100), "
                + "KEY by_a (a), KEY by_b (b), KEY by_c (c), KEY by_d (d(20)))");
            s.execute("INSERT INTO bulkload.wide SELECT seq, MD5(seq), seq % 9973, '2026-01-01' + INTERVAL seq SECOND, "
                + "REPEAT(CHAR(65 + seq % 26), 90) FROM seq_1_to_200000");
            s.execute("CREATE TABLE bulkload.other (k VARCHAR(30) PRIMARY KEY, v BIGINT, body VARBINARY(300), KEY by_v (v))");
            s.execute("INSERT INTO bulkload.other SELECT CONCAT('key-', seq), seq * 31, RANDOM_BYTES(250) FROM seq_1_to_120000");
            // A few rows of 20 MiB each: the loads that once starved a target with the default 96 MiB redo log.
            s.execute("CREATE TABLE bulkload.blobs (id INT PRIMARY KEY, kind VARCHAR(10), b LONGBLOB, KEY by_kind (kind))");
            s.execute("INSERT INTO bulkload.blobs SELECT seq, IF(seq % 2, 'odd', 'even'), "
                + "CONCAT(RANDOM_BYTES(1024), REPEAT(RANDOM_BYTES(1000), 20 * 1024 * 1024 / 1000)) FROM seq_1_to_6");
            s.execute("ANALYZE TABLE bulkload.wide, bulkload.other, bulkload.blobs");
        }
    }

    @Test
    void aTargetWhereNothingMovesStopsTheCopyWithWhatItIsDoingAndARerunResumes() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(2));
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.of(copyArgs(target, work,
            "--schemas", "bulkload", "--exclude-tables", "bulkload.blobs", "--chunk-rows", "2000", "--stall-seconds", "4")));
        Path journal = work.resolve("copy-journal.jsonl");
        Poll.closely("the copy to journal a chunk", Duration.ofSeconds(60),
            () -> Files.exists(journal) && Files.readString(journal).contains("\"chunk\""));
        try (Connection holder = target.connect(); Statement s = holder.createStatement()) {
            s.execute("FLUSH TABLES WITH READ LOCK"); // from now on no load can write or commit
            CliRun stalled = run.get(90, TimeUnit.SECONDS);
            assertEquals(1, stalled.exit(), stalled.out() + stalled.err());
            assertTrue(stalled.err().contains("nothing moved for"), stalled.err());
            assertTrue(stalled.err().contains("Waiting for"), "the target sessions' states: " + stalled.err());
            assertTrue(stalled.err().contains("InnoDB checkpoint age"), stalled.err());
            assertTrue(stalled.err().contains("Rerun the same command to resume"), stalled.err());
            s.execute("UNLOCK TABLES");
            System.out.println(stalled.err());
        }
        CliRun rerun = CliRun.of(copyArgs(target, work, "--schemas", "bulkload", "--exclude-tables", "bulkload.blobs",
            "--chunk-rows", "2000", "--stall-seconds", "30"));
        assertEquals(0, rerun.exit(), rerun.out() + rerun.err());
        try (Connection s = source.connect(); Connection t = target.connect()) {
            var expected = new TreeMap<>(TableChecksums.of(s, List.of("bulkload")));
            expected.remove("`bulkload`.`blobs`");
            assertEquals(expected, new TreeMap<>(TableChecksums.of(t, List.of("bulkload"))));
        }
        sandbox.discard(target);
    }

    /** A backup's FLUSH TABLES WITH READ LOCK on the target before the first table exists: no wait forever. */
    @Test
    void tablesThatCannotBeCreatedForALockGiveUpNamingIt() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(4));
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        try (Connection holder = target.connect(); Statement s = holder.createStatement()) {
            s.execute("FLUSH TABLES WITH READ LOCK");
            CliRun run = CompletableFuture.supplyAsync(() -> CliRun.of(copyArgs(target, work, "--schemas", "bulkload",
                "--exclude-tables", "bulkload.blobs", "--stall-seconds", "2"))).get(60, TimeUnit.SECONDS);
            assertEquals(1, run.exit(), run.out() + run.err());
            assertTrue(run.err().contains("on the target gave up after --stall-seconds waiting for a metadata lock"), run.err());
            assertTrue(run.err().contains("SHOW PROCESSLIST on the target names it"), run.err());
            s.execute("UNLOCK TABLES");
        }
        CliRun rerun = CliRun.of(copyArgs(target, work, "--schemas", "bulkload", "--exclude-tables", "bulkload.blobs"));
        assertEquals(0, rerun.exit(), rerun.out() + rerun.err());
        sandbox.discard(target);
    }

    @Test
    void hugeRowsBesideLoadsAndIndexBuildsCopyExactlyFreshAndAfterAKill() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(3));
        for (int round = 0; round < 3; round++) {
            Path work = Files.createTempDirectory(sandbox.root(), "work");
            CliRun run = CliRun.of(copyArgs(target, work, "--schemas", "bulkload", "--threads", "3", "--stall-seconds", "120"));
            assertEquals(0, run.exit(), "round " + round + ": " + run.out() + run.err());
            assertIdentical(target);
            try (Connection t = target.connect(); Statement s = t.createStatement()) {
                s.execute("DROP DATABASE bulkload");
            }
        }
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        Process first = startCopy(target, work);
        Path journal = work.resolve("copy-journal.jsonl");
        Poll.closely("the copy to journal a chunk of bulkload.blobs", Duration.ofSeconds(120), () -> !first.isAlive()
            || Files.exists(journal) && Files.readString(journal).contains("\"fact\":\"chunk\",\"table\":\"bulkload.blobs\""));
        assertTrue(first.isAlive(), "killed mid-copy: " + Files.readString(work.resolve("out.log")));
        first.destroyForcibly();
        assertTrue(first.waitFor(10, TimeUnit.SECONDS));
        assertFalse(first.toHandle().isAlive(), "the copy's JVM itself is gone");
        Process rerun = startCopy(target, work);
        assertTrue(rerun.waitFor(300, TimeUnit.SECONDS), "the rerun finishes");
        assertEquals(0, rerun.exitValue(), Files.readString(work.resolve("out.log")));
        assertIdentical(target);
        sandbox.discard(target);
    }

    private static void assertIdentical(LocalServer target) throws Exception {
        try (Connection s = source.connect(); Connection t = target.connect()) {
            assertEquals(TableChecksums.of(s, List.of("bulkload")), TableChecksums.of(t, List.of("bulkload")));
        }
    }

    private static String[] copyArgs(LocalServer target, Path work, String... more) {
        List<String> args = new ArrayList<>(List.of("copy", "--from", source.uri("root").toString(),
            "--to", target.uri("root").toString(), "--work-dir", work.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** offramp copy in its own JVM, so that it can be killed as a DBA's kill -9 would. */
    private static Process startCopy(LocalServer target, Path work) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-cp", System.getProperty("java.class.path"), "offramp.cli.Main"));
        command.addAll(List.of(copyArgs(target, work, "--schemas", "bulkload", "--threads", "3", "--stall-seconds", "120")));
        return new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("out.log").toFile())).start();
    }
}
