package offramp.replication;

import offramp.binlog.BinlogCoordinates;
import offramp.binlog.BinlogEvent;
import offramp.binlog.EventKind;
import offramp.binlog.ServerBinlogReader;
import offramp.cli.CliRun;
import offramp.demo.DumpCopy;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import offramp.verify.TableChecksums;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** offramp replicate against real MariaDB servers: caught up and identical, read-only, errors explained. */
class ReplicateIT {

    private static final String REPL_PASSWORD = "repl-Secret-42";
    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-replicate-it");
    private static LocalServer source;
    private static BinlogCoordinates start;
    private static Path passwordFile;

    @BeforeAll
    static void sourceWithHistory() throws Exception {
        source = sandbox.startServer("source", ServerOptions.defaults());
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            s.execute("CREATE USER 'repl'@'localhost' IDENTIFIED BY '" + REPL_PASSWORD + "'");
            s.execute("GRANT REPLICATION SLAVE ON *.* TO 'repl'@'localhost'");
            s.execute("SET SESSION sql_log_bin = 1");
            s.execute("CREATE DATABASE app");
            s.execute("CREATE TABLE app.t (id INT PRIMARY KEY AUTO_INCREMENT, v VARCHAR(100))");
            s.execute("INSERT INTO app.t (v) VALUES ('before the copy')");
            start = Replica.currentPosition(c);
        }
        passwordFile = Files.createTempFile(sandbox.root(), "repl", ".pw");
        Files.writeString(passwordFile, REPL_PASSWORD + "\n");
    }

    @Test
    void theReplicaCatchesUpReadOnlyAndIdentical() throws Exception {
        LocalServer replica = replicaWithCopy(21);
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            for (int i = 0; i < 200; i++) {
                s.execute("INSERT INTO app.t (v) VALUES (REPEAT('x', " + (i % 100) + "))");
            }
        }
        CliRun run = replicate(replica, "--replication-password-file", passwordFile.toString(), "--wait", "--timeout", "120");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("caught up"), run.out());
        assertTrue(run.out().contains("catch-up:"), "lag is shown: " + run.out());
        try (Connection s = source.connect(); Connection r = replica.connect()) {
            assertEquals(TableChecksums.of(s, List.of("app")), TableChecksums.of(r, List.of("app")));
            assertEquals("1", scalar(r, "SELECT @@GLOBAL.read_only"));
            assertEquals("", scalar(r, "SELECT @@GLOBAL.replicate_wild_ignore_table"), "the source has no mysql.rds_ tables");
        }
        assertTrue(run.out().contains("does not keep these settings across a restart") && run.out().contains("[mysqld]")
            && run.out().contains("read_only = ON") && run.out().contains("slave_parallel_threads = 16"), run.out());
        assertTrue(!run.out().contains(REPL_PASSWORD) && !run.err().contains(REPL_PASSWORD));
    }

    @Test
    void aSourceWithRdsTablesGetsTheFilterAndItsOptionLine() throws Exception {
        LocalServer replica = replicaWithCopy(27);
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            s.execute("CREATE TABLE mysql.rds_heartbeat2 (id INT PRIMARY KEY, value BIGINT)");
        }
        try {
            CliRun run = replicate(replica, "--replication-password-file", passwordFile.toString());
            assertEquals(0, run.exit(), run.out() + run.err());
            try (Connection r = replica.connect()) {
                assertEquals("mysql.rds\\_%", scalar(r, "SELECT @@GLOBAL.replicate_wild_ignore_table"));
            }
            assertTrue(run.out().contains("replicate_wild_ignore_table = mysql.rds\\_%"), run.out());
        } finally {
            try (Connection c = source.connect(); Statement s = c.createStatement()) {
                s.execute("SET SESSION sql_log_bin = 0");
                s.execute("DROP TABLE mysql.rds_heartbeat2");
            }
        }
        sandbox.discard(replica);
    }

    @Test
    void aWrongReplicationPasswordIsExplained() throws Exception {
        LocalServer replica = replicaWithCopy(22);
        Path wrong = Files.createTempFile(sandbox.root(), "wrong", ".pw");
        Files.writeString(wrong, "not-the-password");
        CliRun run = replicate(replica, "--replication-password-file", wrong.toString(), "--wait", "--timeout", "60",
            "--connect-retry", "1");
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("cannot log in to the source"), run.err());
    }

    @Test
    void wrongCoordinatesShowAsARowErrorWithTheFix() throws Exception {
        LocalServer replica = replicaWithCopy(23);
        try (Connection r = replica.connect(); Statement s = r.createStatement()) {
            s.execute("INSERT INTO app.t (id, v) VALUES (1000, 'only on the replica')");
        }
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO app.t (id, v) VALUES (1000, 'on the source')");
        }
        CliRun run = replicate(replica, "--replication-password-file", passwordFile.toString(), "--wait", "--timeout", "60");
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("does not match the coordinates"), run.err());
    }

    @Test
    void aRerunLeavesAReplicaThatFollowsTheSourceWhereItIsAndStartsItsStoppedThreads() throws Exception {
        LocalServer replica = replicaWithCopy(24);
        CliRun first = replicate(replica, "--replication-password-file", passwordFile.toString(), "--wait", "--timeout", "120");
        assertEquals(0, first.exit(), first.out() + first.err());
        insertOnSource(30);
        // e.g. after --wait lost its connection: the same command again must not rewind the replica to the start.
        CliRun again = replicate(replica, "--replication-password-file", passwordFile.toString(), "--wait", "--timeout", "120");
        assertEquals(0, again.exit(), again.out() + again.err());
        assertTrue(again.out().contains("already replicates from") && again.out().contains("not reconfigured"), again.out());
        try (Connection r = replica.connect(); Statement s = r.createStatement()) {
            s.execute("STOP SLAVE");
        }
        insertOnSource(30);
        CliRun stopped = replicate(replica, "--replication-password-file", passwordFile.toString(), "--wait", "--timeout", "120");
        assertEquals(0, stopped.exit(), stopped.out() + stopped.err());
        assertTrue(stopped.out().contains("stopped threads will be started"), stopped.out());
        try (Connection s = source.connect(); Connection r = replica.connect()) {
            assertEquals(TableChecksums.of(s, List.of("app")), TableChecksums.of(r, List.of("app")));
            assertEquals(0, new Replica(r).replicationStatus().sqlErrno());
        }
    }

    @Test
    void aReplicaBehindTheCoordinatesOrOfAnotherSourceIsRefusedUnlessForced() throws Exception {
        LocalServer replica = replicaWithCopy(25);
        CliRun first = replicate(replica, "--replication-password-file", passwordFile.toString());
        assertEquals(0, first.exit(), first.out() + first.err());
        try (Connection r = replica.connect(); Statement s = r.createStatement()) {
            s.execute("STOP SLAVE");
        }
        insertOnSource(5);
        BinlogCoordinates later;
        try (Connection c = source.connect()) {
            later = Replica.currentPosition(c);
        }
        String appliedBefore = applied(replica);
        CliRun behind = replicateAt(replica, later, "--replication-password-file", passwordFile.toString());
        assertEquals(1, behind.exit(), behind.out() + behind.err());
        assertTrue(behind.err().contains("before " + later) && behind.err().contains("--force-reconfigure"), behind.err());
        assertEquals(appliedBefore, applied(replica), "the replica was left as it was");

        CliRun elsewhere = CliRun.of("replicate", "--replica", replica.uri("root").toString(), "--source",
            source.uri("root").toString(), "--file", start.file(), "--pos", Long.toString(start.position()),
            "--replication-user", "repl", "--source-host", "127.0.0.1", "--replication-password-file", passwordFile.toString());
        assertEquals(1, elsewhere.exit(), elsewhere.out() + elsewhere.err());
        assertTrue(elsewhere.err().contains("already replicates from localhost:" + source.port())
            && elsewhere.err().contains("--force-reconfigure"), elsewhere.err());
        assertEquals(appliedBefore, applied(replica));

        CliRun forced = replicateAt(replica, later, "--replication-password-file", passwordFile.toString(), "--force-reconfigure");
        assertEquals(0, forced.exit(), forced.out() + forced.err());
        assertTrue(forced.out().contains("WARNING") && forced.out().contains("--force-reconfigure"), forced.out());
        assertTrue(!forced.out().contains(REPL_PASSWORD) && !forced.err().contains(REPL_PASSWORD));
    }

    @Test
    void theSourceOrAServerWithItsServerIdIsNeverMadeAReplica() throws Exception {
        CliRun itself = CliRun.of("replicate", "--replica", source.uri("root").toString(), "--source", source.uri("root").toString(),
            "--file", start.file(), "--pos", Long.toString(start.position()), "--replication-user", "repl",
            "--replication-password-file", passwordFile.toString(), "--force-reconfigure");
        assertEquals(1, itself.exit(), itself.out() + itself.err());
        String address = "127.0.0.1:" + source.port();
        assertTrue(itself.err().contains("server_id 1") && itself.err().contains("the replica " + address)
            && itself.err().contains("the source " + address), itself.err());
        LocalServer twin = sandbox.startServer("twin", ServerOptions.defaults()); // server_id 1, as the source
        CliRun sameId = replicate(twin, "--replication-password-file", passwordFile.toString());
        assertEquals(1, sameId.exit(), sameId.out() + sameId.err());
        assertTrue(sameId.err().contains("same server_id 1") && sameId.err().contains("127.0.0.1:" + twin.port()), sameId.err());
        try (Connection s = source.connect(); Connection t = twin.connect()) {
            assertEquals("0", scalar(s, "SELECT @@GLOBAL.read_only"));
            assertEquals(null, new Replica(s).replicationStatus());
            assertEquals(null, new Replica(t).replicationStatus());
        }
        sandbox.discard(twin);
    }

    @Test
    void coordinatesAreProvenOnTheSourceBeforeTheReplicaIsConfigured() throws Exception {
        LocalServer replica = sandbox.startServer("unproven", ServerOptions.defaults().withServerId(26));
        List<BinlogEvent> events = new ArrayList<>();
        new ServerBinlogReader(source.rootEndpoint("source")).read(start.file(), 4, e -> events.add(e));
        BinlogEvent tableMap = events.stream().filter(e -> e.type() == EventKind.TABLE_MAP).findFirst().orElseThrow();
        CliRun inside = replicateAt(replica, new BinlogCoordinates(start.file(), tableMap.start()),
            "--replication-password-file", passwordFile.toString());
        assertEquals(3, inside.exit(), inside.out() + inside.err());
        assertTrue(inside.err().contains("inside a transaction") && inside.err().contains("nearest positions"), inside.err());
        CliRun notAnEvent = replicateAt(replica, new BinlogCoordinates(start.file(), tableMap.start() + 3),
            "--replication-password-file", passwordFile.toString());
        assertEquals(3, notAnEvent.exit(), notAnEvent.out() + notAnEvent.err());
        assertTrue(notAnEvent.err().contains("not where an event starts"), notAnEvent.err());
        CliRun pastEnd = replicateAt(replica, new BinlogCoordinates(start.file(), 1L << 40),
            "--replication-password-file", passwordFile.toString());
        assertEquals(3, pastEnd.exit(), pastEnd.out() + pastEnd.err());
        assertTrue(pastEnd.err().contains("past the end of " + start.file()), pastEnd.err());
        CliRun typo = replicateAt(replica, new BinlogCoordinates("mysql-bin-changelog.000777", 4),
            "--replication-password-file", passwordFile.toString());
        assertEquals(3, typo.exit(), typo.out() + typo.err());
        assertTrue(typo.err().contains("no binlog file mysql-bin-changelog.000777"), typo.err());
        try (Connection r = replica.connect()) {
            assertEquals(null, new Replica(r).replicationStatus(), "nothing was configured");
        }
        sandbox.discard(replica);
    }

    private static void insertOnSource(int rows) throws Exception {
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            for (int i = 0; i < rows; i++) {
                s.execute("INSERT INTO app.t (v) VALUES ('later')");
            }
        }
    }

    private static String applied(LocalServer replica) throws Exception {
        try (Connection r = replica.connect()) {
            return String.valueOf(new Replica(r).replicationStatus().applied());
        }
    }

    private static CliRun replicateAt(LocalServer replica, BinlogCoordinates at, String... more) {
        List<String> args = new ArrayList<>(List.of("replicate", "--replica", replica.uri("root").toString(),
            "--source", source.uri("root").toString(), "--file", at.file(), "--pos", Long.toString(at.position()),
            "--replication-user", "repl", "--source-host", "localhost"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** A replica holding the source's data as it was at {@code start}. */
    private static LocalServer replicaWithCopy(int serverId) throws Exception {
        LocalServer replica = sandbox.startServer("replica", ServerOptions.defaults().withServerId(serverId));
        LocalServer snapshot = sandbox.startClone(sandbox.snapshot(source, "snapshot"), ServerOptions.defaults().withServerId(90 + serverId));
        try (Connection c = snapshot.connect(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM app.t WHERE v <> 'before the copy'"); // back to the data at the start position
        }
        DumpCopy.copy(snapshot, replica, List.of("app"), sandbox.root());
        sandbox.discard(snapshot);
        return replica;
    }

    private static CliRun replicate(LocalServer replica, String... more) {
        List<String> args = new ArrayList<>(List.of("replicate", "--replica", replica.uri("root").toString(),
            "--source", source.uri("root").toString(), "--file", start.file(), "--pos", Long.toString(start.position()),
            "--replication-user", "repl", "--source-host", "localhost"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static String scalar(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
