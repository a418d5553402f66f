package offramp.replication;

import offramp.binlog.BinlogCoordinates;
import offramp.cli.CliRun;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import offramp.server.ServerInfo;
import offramp.testing.Poll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Faults around a running replica on real MariaDB servers: the source refuses the binlog, the source goes away. */
class ReplicateFaultsIT {

    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-replicate-faults-it");
    private static LocalServer source;

    @BeforeAll
    static void source() throws Exception {
        source = sandbox.startServer("source", ServerOptions.defaults());
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE app");
            s.execute("CREATE TABLE app.t (id INT PRIMARY KEY AUTO_INCREMENT, v VARCHAR(100))");
            s.execute("INSERT INTO app.t (v) VALUES ('one')");
        }
    }

    @Test
    void error1236IsToldApartByItsCauseFromWhatTheServerSays() throws Exception {
        LocalServer replica = sandbox.startServer("replica", ServerOptions.defaults().withServerId(31));
        BinlogCoordinates now = position();
        String series = now.file().substring(0, now.file().lastIndexOf('.'));
        assertCause(replica, new BinlogCoordinates(series + ".000777", 4), ReplicationErrors.Unreadable.NO_SUCH_FILE);
        assertCause(replica, new BinlogCoordinates(now.file(), now.position() + 100_000), ReplicationErrors.Unreadable.PAST_END_OF_FILE);
        // Ten bytes before the end of the last event (an XID): inside it.
        assertCause(replica, new BinlogCoordinates(now.file(), now.position() - 10), ReplicationErrors.Unreadable.NOT_AN_EVENT_BOUNDARY);
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("FLUSH BINARY LOGS");
            purgeAllButTheCurrentFile(c);
        }
        assertCause(replica, new BinlogCoordinates(now.file(), 4), ReplicationErrors.Unreadable.PURGED);
        sandbox.discard(replica);
    }

    @Test
    void aRerunOnAReplicaWhoseBinlogWasPurgedMeanwhileExplainsRetention() throws Exception {
        LocalServer replica = sandbox.startServer("replica", ServerOptions.defaults().withServerId(32));
        BinlogCoordinates now = position();
        CliRun first = replicate(replica, now);
        assertEquals(0, first.exit(), first.out() + first.err());
        try (Connection r = replica.connect(); Statement s = r.createStatement()) {
            s.execute("STOP SLAVE");
        }
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO app.t (v) VALUES ('while the replica was stopped')");
            s.execute("FLUSH BINARY LOGS");
            purgeAllButTheCurrentFile(c);
        }
        CliRun again = replicate(replica, now, "--wait", "--timeout", "60");
        assertEquals(1, again.exit(), again.out() + again.err());
        assertTrue(again.out().contains("already replicates"), again.out());
        assertTrue(again.err().contains("has purged " + now.file()) && again.err().contains("binlog retention hours"), again.err());
        sandbox.discard(replica);
    }

    @Test
    void aSourceLostDuringTheWaitIsNamedAndWaitedForWithinABound() throws Exception {
        LocalServer replica = sandbox.startServer("replica", ServerOptions.defaults().withServerId(33));
        BinlogCoordinates now = position();
        CliRun first = replicate(replica, now, "--writable");
        assertEquals(0, first.exit(), first.out() + first.err());
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE lost");
            s.execute("CREATE TABLE lost.t (id INT PRIMARY KEY AUTO_INCREMENT)");
        }
        try (Connection r = replica.connect(); Connection c = source.connect()) {
            new Replica(r).awaitPosition(Replica.currentPosition(c), 60);
        }
        // The replica's applier waits on this lock, so the replica stays behind while the source goes away.
        try (Connection hold = replica.connect(); Statement lock = hold.createStatement()) {
            lock.execute("LOCK TABLES lost.t WRITE");
            try (Connection c = source.connect(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO lost.t VALUES ()");
            }

            CliRun.Running gaveUp = CliRun.start(args(replica, now, "--wait", "--timeout", "120", "--reconnect-timeout", "4"));
            awaitOutput(gaveUp, "catch-up:");
            source.stop();
            CliRun bounded = gaveUp.done().get(90, TimeUnit.SECONDS);
            source.start();
            assertEquals(1, bounded.exit(), bounded.out() + bounded.err());
            assertTrue(bounded.out().contains("lost the connection to the source " + source.uri("root")), bounded.out());
            assertTrue(bounded.err().contains("could not reconnect within 4 s"), bounded.err());

            CliRun.Running waited = CliRun.start(args(replica, now, "--wait", "--timeout", "120", "--reconnect-timeout", "60"));
            awaitOutput(waited, "catch-up:");
            source.stop();
            awaitOutput(waited, "lost the connection to the source");
            source.start();
            awaitOutput(waited, "reconnected to the source");
            lock.execute("UNLOCK TABLES");
            CliRun resumed = waited.done().get(120, TimeUnit.SECONDS);
            assertEquals(0, resumed.exit(), resumed.out() + resumed.err());
            assertTrue(resumed.out().contains("lost the connection to the source") && resumed.out().contains("reconnected to the source"),
                resumed.out());
            assertTrue(resumed.out().contains("caught up"), resumed.out());
        } finally {
            if (!source.running()) {
                source.start();
            }
        }
        try (Connection r = replica.connect(); Statement s = r.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM lost.t")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
        }
        sandbox.discard(replica);
    }

    private static void assertCause(LocalServer replica, BinlogCoordinates at, ReplicationErrors.Unreadable expected) throws Exception {
        try (Connection r = replica.connect(); Connection c = source.connect(); Statement s = r.createStatement()) {
            Replica replication = new Replica(r);
            replication.start("127.0.0.1", source.port(), source.rootEndpoint("replication"), at);
            ReplicationStatus status = Poll.until("the receiver thread to stop with error "
                + ReplicationErrors.SOURCE_CANNOT_SEND + " at " + at, Duration.ofSeconds(30), replication::replicationStatus,
                st -> st.ioErrno() == ReplicationErrors.SOURCE_CANNOT_SEND);
            List<ServerInfo.BinaryLogFile> files = ServerInfo.read(c).binaryLogs(c);
            assertEquals(expected, ReplicationErrors.why(status.ioError(), status.received(), files), at + ": " + status.ioError());
            System.out.println(at + ": " + ReplicationErrors.explain(status, files));
            s.execute("STOP SLAVE");
            s.execute("RESET SLAVE ALL");
        }
    }

    /** The source keeps a file a dump thread still reads, and a stopped replica's may linger: end them first. */
    private static void purgeAllButTheCurrentFile(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            List<Long> dumps = new ArrayList<>();
            try (var rs = s.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'")) {
                while (rs.next()) {
                    dumps.add(rs.getLong(1));
                }
            }
            for (long id : dumps) {
                s.execute("KILL " + id);
            }
            String current = Replica.currentPosition(c).file();
            Poll.until("the source to purge every file older than " + current, Duration.ofSeconds(10), () -> {
                s.execute("PURGE BINARY LOGS TO '" + current + "'");
                return ServerInfo.read(c).binaryLogs(c);
            }, files -> files.size() == 1);
        }
    }

    private static BinlogCoordinates position() throws Exception {
        try (Connection c = source.connect()) {
            return Replica.currentPosition(c);
        }
    }

    private static CliRun replicate(LocalServer replica, BinlogCoordinates at, String... more) {
        return CliRun.of(args(replica, at, more));
    }

    private static String[] args(LocalServer replica, BinlogCoordinates at, String... more) {
        List<String> args = new ArrayList<>(List.of("replicate", "--replica", replica.uri("root").toString(),
            "--source", source.uri("root").toString(), "--file", at.file(), "--pos", Long.toString(at.position()),
            "--replication-user", "root", "--source-host", "127.0.0.1", "--connect-retry", "1"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** Waits until the running command has printed {@code text}: it has reached that point of its wait. */
    private static void awaitOutput(CliRun.Running run, String text) throws Exception {
        Poll.until("replicate to print \"" + text + "\"", Duration.ofSeconds(60),
            () -> run.out().contains(text) || run.done().isDone());
        assertTrue(run.out().contains(text), "replicate ended before printing \"" + text + "\": " + run.out());
    }
}
