package offramp.replication;

import offramp.binlog.BinlogCoordinates;
import offramp.cli.CliRun;
import offramp.demo.DumpCopy;
import offramp.demo.WriteLoad;
import offramp.demo.WriteLoadWait;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import offramp.server.Gtids;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parallel apply during catch-up, on real MariaDB servers: replicate sets it (the server's variables show it),
 * keeps the server's own settings when asked, and a durable replica that applies a backlog of concurrent mixed
 * writes in parallel ends identical to the source. No timing is asserted.
 */
class ParallelApplyIT {

    private static final String REPL_PASSWORD = "repl-Parallel-7";
    private static final ServerOptions DURABLE_REPLICA = ServerOptions.defaults()
        .with("--log-slave-updates", "--innodb-flush-log-at-trx-commit=1", "--sync-binlog=1");
    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-parallel-apply-it");
    private static LocalServer source;
    private static BinlogCoordinates start;
    private static Path passwordFile;

    @BeforeAll
    static void sourceWithSchema() throws Exception {
        source = sandbox.startServer("source", ServerOptions.defaults());
        start = prepareSource(source);
        passwordFile = Files.createTempFile(sandbox.root(), "repl", ".pw");
        Files.writeString(passwordFile, REPL_PASSWORD + "\n");
    }

    @Test
    void replicateConfiguresParallelApplyBeforeStartingTheReplica() throws Exception {
        LocalServer replica = replicaWithCopy(source, 31);
        CliRun run = replicate(replica, "--wait", "--timeout", "120");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("apply: slave_parallel_threads 0 -> " + ParallelApply.DEFAULT_WORKERS), run.out());
        try (Connection r = replica.connect()) {
            assertEquals(Integer.toString(ParallelApply.DEFAULT_WORKERS), scalar(r, "SELECT @@GLOBAL.slave_parallel_threads"));
            assertEquals("optimistic", scalar(r, "SELECT @@GLOBAL.slave_parallel_mode"));
            assertEquals("Yes", status(r, "Slave_SQL_Running"));
        }
        // A rerun that finds the threads stopped sets them again before it starts them (the server allows it then).
        try (Connection r = replica.connect(); Statement s = r.createStatement()) {
            s.execute("STOP SLAVE");
            s.execute("SET GLOBAL slave_parallel_threads = 0");
        }
        CliRun rerun = replicate(replica, "--wait", "--timeout", "120");
        assertEquals(0, rerun.exit(), rerun.out() + rerun.err());
        assertTrue(rerun.out().contains("stopped threads will be started"), rerun.out());
        try (Connection r = replica.connect()) {
            assertEquals(Integer.toString(ParallelApply.DEFAULT_WORKERS), scalar(r, "SELECT @@GLOBAL.slave_parallel_threads"));
        }
        sandbox.discard(replica);
    }

    @Test
    void theServersOwnSettingsAreKeptWhenAsked() throws Exception {
        LocalServer replica = replicaWithCopy(source, 32);
        try (Connection r = replica.connect(); Statement s = r.createStatement()) {
            s.execute("SET GLOBAL slave_parallel_threads = 3");
            s.execute("SET GLOBAL slave_parallel_mode = 'conservative'");
        }
        CliRun run = replicate(replica, "--keep-apply-settings", "--json");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("kept"), run.err());
        assertTrue(run.out().contains("\"slave_parallel_threads\" : \"3\""), run.out());
        try (Connection r = replica.connect()) {
            assertEquals("3", scalar(r, "SELECT @@GLOBAL.slave_parallel_threads"));
            assertEquals("conservative", scalar(r, "SELECT @@GLOBAL.slave_parallel_mode"));
        }
        CliRun both = replicate(replica, "--keep-apply-settings", "--parallel-workers", "4");
        assertEquals(2, both.exit(), both.out() + both.err());
        sandbox.discard(replica);
    }

    @Test
    void aDurableReplicaApplyingABacklogInParallelEndsIdenticalToTheSource() throws Exception {
        // A source of its own: the backlog moves it on from the start position the other tests copy.
        LocalServer busy = sandbox.startServer("busy-source", ServerOptions.defaults());
        BinlogCoordinates from = prepareSource(busy);
        LocalServer replica = replicaWithCopy(busy, 33);
        // The backlog: concurrent multi-statement transactions, inserts, updates and deletes, written while no
        // replica runs, so the replica starts with all of it waiting.
        try (WriteLoad load = new WriteLoad(busy.rootEndpoint("source"), 6, 33, 0)) {
            load.start();
            WriteLoadWait.committed(load, 3000);
        }
        CliRun run = replicate(replica, busy, from, "--parallel-workers", "8", "--wait", "--timeout", "600");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("caught up"), run.out());
        assertTrue(run.out().contains(" transactions/s, "), "the apply rate is shown: " + run.out());
        try (Connection s = busy.connect(); Connection r = replica.connect()) {
            assertEquals("8", scalar(r, "SELECT @@GLOBAL.slave_parallel_threads"));
            assertEquals(checksums(s), checksums(r));
            assertEquals(scalar(s, "SELECT @@GLOBAL.gtid_binlog_pos"), scalar(r, "SELECT @@GLOBAL.gtid_slave_pos"));
            assertEquals("0", status(r, "Last_SQL_Errno"));
        }
        sandbox.discard(replica);
        sandbox.discard(busy);
    }

    /**
     * The catch-up counts the transactions the replica applied while it was followed, from the GTID states: not
     * the source's whole history. A replica started from a file and position has an empty gtid_slave_pos until
     * its first transaction; its SQL thread is held here (FLUSH TABLES WITH READ LOCK) so that the first look
     * finds it so.
     */
    @Test
    void theAppliedTransactionsAreThoseOfTheBacklogNotTheSourcesHistory() throws Exception {
        LocalServer busy = sandbox.startServer("history-source", ServerOptions.defaults());
        prepareSource(busy);
        try (WriteLoad history = new WriteLoad(busy.rootEndpoint("source"), 4, 34, 0)) {
            history.start();
            WriteLoadWait.committed(history, 2000);
        }
        BinlogCoordinates from;
        try (Connection s = busy.connect()) {
            from = Replica.currentPosition(s);
        }
        LocalServer replica = replicaWithCopy(busy, 34);
        try (WriteLoad backlog = new WriteLoad(busy.rootEndpoint("source"), 2, 35, 0)) {
            backlog.start();
            WriteLoadWait.committed(backlog, 300);
        }
        List<CatchUp.Sample> samples;
        try (Connection hold = replica.connect(); Statement lock = hold.createStatement(); Connection r = replica.connect()) {
            lock.execute("FLUSH TABLES WITH READ LOCK");
            new Replica(r).start("127.0.0.1", busy.uri("root").port(), busy.rootEndpoint("replication"), from);
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(1500);
                    lock.execute("UNLOCK TABLES");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            release.start();
            samples = new CatchUp(replica.rootEndpoint("replica"), busy.rootEndpoint("source"), System.out, Duration.ofSeconds(30))
                .await(Duration.ofSeconds(120), Duration.ofMillis(200));
            release.join();
        }
        ApplyRate rate = ApplyRate.of(samples);
        assertNotNull(rate, "the replica was held at the first look: " + samples);
        try (Connection s = busy.connect(); Connection r = replica.connect()) {
            Gtids atStart = Gtids.mariadb(scalar(s, "SELECT BINLOG_GTID_POS('" + from.file() + "', " + from.position() + ")"));
            String slavePos = scalar(r, "SELECT @@GLOBAL.gtid_slave_pos");
            assertTrue(Gtids.sameMariadb(scalar(s, "SELECT @@GLOBAL.gtid_binlog_pos"), slavePos), "caught up");
            Gtids end = Gtids.mariadb(slavePos);
            assertEquals(end.transactionsSince(atStart), rate.transactions(), "the backlog, not the history of "
                + atStart.transactionCount() + " transactions before it");
        }
        sandbox.discard(replica);
        sandbox.discard(busy);
    }

    /** CHECKSUM TABLE ... EXTENDED of every table of the write load's schema. */
    private static Map<String, String> checksums(Connection c) throws Exception {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String table : WriteLoad.TABLES) {
            String name = WriteLoad.SCHEMA + "." + table;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("CHECKSUM TABLE " + name + " EXTENDED")) {
                rs.next();
                sums.put(name, rs.getString(2));
            }
        }
        return sums;
    }

    /** A durable replica holding {@code from}'s data as it is now: {@code from} stands still while it is copied. */
    private static LocalServer replicaWithCopy(LocalServer from, int serverId) throws Exception {
        LocalServer replica = sandbox.startServer("replica", DURABLE_REPLICA.withServerId(serverId));
        DumpCopy.copy(from, replica, List.of(WriteLoad.SCHEMA), sandbox.root());
        return replica;
    }

    /** A source of its own with the write load's schema and a replication user; returns where its binlog is. */
    private static BinlogCoordinates prepareSource(LocalServer server) throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            s.execute("CREATE USER 'repl'@'localhost' IDENTIFIED BY '" + REPL_PASSWORD + "'");
            s.execute("GRANT REPLICATION SLAVE ON *.* TO 'repl'@'localhost'");
            s.execute("SET SESSION sql_log_bin = 1");
            WriteLoad.createSchema(c, 200);
            return Replica.currentPosition(c);
        }
    }

    private static CliRun replicate(LocalServer replica, String... more) {
        return replicate(replica, source, start, more);
    }

    private static CliRun replicate(LocalServer replica, LocalServer from, BinlogCoordinates at, String... more) {
        List<String> args = new ArrayList<>(List.of("replicate", "--replica", replica.uri("root").toString(),
            "--source", from.uri("root").toString(), "--file", at.file(), "--pos", Long.toString(at.position()),
            "--replication-user", "repl", "--source-host", "localhost", "--replication-password-file", passwordFile.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static String status(Connection c, String column) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
            rs.next();
            return rs.getString(column);
        }
    }

    private static String scalar(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
