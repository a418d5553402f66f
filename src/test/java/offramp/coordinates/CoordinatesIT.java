package offramp.coordinates;

import offramp.binlog.BinlogCoordinates;
import offramp.binlog.BinlogEvent;
import offramp.binlog.EventKind;
import offramp.binlog.FileBinlogReader;
import offramp.binlog.MysqlbinlogPositionsAccess;
import offramp.binlog.TransactionBoundaries;
import offramp.cli.Main;
import offramp.demo.DumpCopy;
import offramp.demo.WriteLoad;
import offramp.demo.WriteLoadWait;
import offramp.replication.Replica;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import offramp.server.ServerInfo;
import offramp.testing.Poll;
import offramp.verify.TableChecksums;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coordinates found on crash-consistent clones of a source under continuous write load, proven against the
 * source, and replicas started from them that end identical to the source.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CoordinatesIT {

    private static final List<String> SCHEMAS = List.of(WriteLoad.SCHEMA);
    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-coordinates-it");
    private static LocalServer source;
    private static WriteLoad load;
    private static final Random random = new Random(20261124);
    private static int cloneIds = 100;

    @BeforeAll
    static void sourceUnderLoad() throws Exception {
        source = sandbox.startServer("source", ServerOptions.defaults());
        try (Connection c = source.connect()) {
            WriteLoad.createSchema(c, 120);
        }
        load = new WriteLoad(source.rootEndpoint("source"), 4, random.nextLong(), 5);
        load.start();
        WriteLoadWait.committed(load, 100);
    }

    @AfterAll
    static void cleanup() throws Exception {
        if (load != null) {
            load.stop();
        }
    }

    @Test
    @Order(1)
    void replicasStartedFromFiveSnapshotsEndIdenticalToTheSource() throws Exception {
        List<LocalServer> replicas = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Thread.sleep(200 + random.nextInt(1200));
            Path copy = sandbox.snapshot(source, "snapshot");
            LocalServer clone = sandbox.startClone(copy, ServerOptions.defaults().withServerId(cloneIds++));
            CloneCoordinates found = finder(clone).find(Optional.empty());
            SourceProof proof = prover().prove(found);
            assertMysqlbinlogEndsAnEventAt(copy, found.coordinates());
            assertTrue(proof.eventsCompared() > 0, "events compared on the source");

            LocalServer replica = sandbox.startServer("replica", ServerOptions.defaults().withServerId(200 + i));
            DumpCopy.copy(clone, replica, SCHEMAS, sandbox.root());
            sandbox.discard(clone);
            try (Connection r = replica.connect()) {
                new Replica(r).start("127.0.0.1", source.port(), source.rootEndpoint("replication"), found.coordinates());
            }
            replicas.add(replica);
        }
        WriteLoadWait.committed(load, 100); // the replicas have more to catch up on
        load.stop();
        assertTrue(load.committedTransactions() > 100, "the load committed " + load.committedTransactions());
        try (Connection s = source.connect()) {
            BinlogCoordinates end = Replica.currentPosition(s);
            var expected = TableChecksums.of(s, SCHEMAS);
            assertEquals(WriteLoad.TABLES.size(), expected.size());
            for (LocalServer replica : replicas) {
                try (Connection r = replica.connect()) {
                    new Replica(r).awaitPosition(end, 120);
                    assertEquals(expected, TableChecksums.of(r, SCHEMAS), "replica on port " + replica.port());
                }
            }
        }
        load.start();
    }

    @Test
    @Order(2)
    void aCloneRestartedTwiceMoreGivesTheSameCoordinates() throws Exception {
        LocalServer clone = sandbox.startClone(sandbox.snapshot(source, "snapshot"),
            ServerOptions.defaults().withServerId(cloneIds++));
        CloneCoordinates first = finder(clone).find(Optional.empty());
        clone.stop();
        clone.start();
        clone.stop();
        clone.start();
        CloneCoordinates again = finder(clone).find(Optional.empty());
        assertEquals(first.coordinates(), again.coordinates());
        assertEquals(first.cloneFiles().size() + 2, again.cloneFiles().size(), again.cloneFiles().toString());
        prover().prove(again);
        sandbox.discard(clone);
    }

    @Test
    @Order(3)
    void aPartialEventAtTheTailIsCutOffAndReported() throws Exception {
        Path copy = sandbox.snapshot(source, "snapshot");
        Tail tail = cutLastCommit(copy, 7);

        LocalServer clone = sandbox.startClone(copy, ServerOptions.defaults().withServerId(cloneIds++));
        CloneCoordinates found = finder(clone).find(Optional.empty());
        assertEquals(new BinlogCoordinates(tail.file(), tail.transactionStart()), found.coordinates());
        assertEquals(tail.size(), found.fileSize());
        assertTrue(found.boundaryBeforeFileEnd());
        assertNotNull(found.tornTail(), "the partial event is reported");
        assertTrue(String.join("\n", found.evidence()).contains("partial event"), found.evidence().toString());
        SourceProof proof = prover().prove(found);
        assertTrue(proof.eventAtPosition().contains("Gtid"), proof.eventAtPosition());
        sandbox.discard(clone);
    }

    @Test
    @Order(3)
    void anUnfinishedTransactionAtTheTailIsLeftOutAndReported() throws Exception {
        Path copy = sandbox.snapshot(source, "snapshot");
        Tail tail = cutLastCommit(copy, 0);

        LocalServer clone = sandbox.startClone(copy, ServerOptions.defaults().withServerId(cloneIds++));
        CloneCoordinates found = finder(clone).find(Optional.empty());
        assertEquals(new BinlogCoordinates(tail.file(), tail.transactionStart()), found.coordinates());
        assertEquals(tail.size(), found.fileSize());
        assertEquals(tail.size(), found.lastEventEnd(), "every event in the file is complete");
        assertNotNull(found.unfinishedTransaction(), "the open transaction is reported");
        assertEquals(tail.transactionStart(), found.unfinishedTransaction().start());
        assertTrue(String.join("\n", found.evidence()).contains("unfinished transaction"), found.evidence().toString());
        prover().prove(found);
        sandbox.discard(clone);
    }

    /** The last binlog file of a snapshot copy, cut inside its last transaction. */
    record Tail(String file, long transactionStart, long size) {
    }

    /** Cuts the copy's last file {@code into} bytes into the last XID event (0: right before it). */
    private static Tail cutLastCommit(Path copy, int into) throws Exception {
        String file = lastBinlogFile(copy);
        List<BinlogEvent> events = new ArrayList<>();
        new FileBinlogReader(copy).read(file, 4, events::add);
        BinlogEvent lastCommit = events.stream().filter(e -> e.type() == EventKind.XID).reduce((a, b) -> b).orElseThrow();
        TransactionBoundaries before = new TransactionBoundaries(1);
        events.stream().filter(e -> e.end() < lastCommit.end()).forEach(before::accept);
        long start = before.openTransactionStart();
        assertTrue(start > 0, "the cut transaction starts after 0");
        long size = lastCommit.start() + into;
        try (RandomAccessFile f = new RandomAccessFile(copy.resolve(file).toFile(), "rw")) {
            f.setLength(size);
        }
        return new Tail(file, start, size);
    }

    @Test
    @Order(4)
    void anotherServerAsSourceIsRefusedWithExitCode3() throws Exception {
        LocalServer clone = sandbox.startClone(sandbox.snapshot(source, "snapshot"),
            ServerOptions.defaults().withServerId(cloneIds++));
        LocalServer other = sandbox.startServer("other", ServerOptions.defaults());
        try (Connection c = other.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE other");
            s.execute("CREATE TABLE other.t (id INT PRIMARY KEY AUTO_INCREMENT, b LONGBLOB)");
            for (int i = 0; i < 40; i++) {
                s.execute("INSERT INTO other.t (b) VALUES (REPEAT('x', 1000000))");
            }
        }
        CloneCoordinates found = finder(clone).find(Optional.empty());
        NotProvenException e = assertThrows(NotProvenException.class,
            () -> new SourceProver(other.rootEndpoint("source")).prove(found));
        assertTrue(e.getMessage().contains("is not the server the clone was restored from"), e.getMessage());
        assertEquals(3, Main.run("coordinates", "--clone", clone.uri("root").toString(),
            "--source", other.uri("root").toString()));
        sandbox.discard(other);
        sandbox.discard(clone);
    }

    @Test
    @Order(5)
    void aSourceThatPurgedTheFileIsRefusedWithExitCode3() throws Exception {
        LocalServer clone = sandbox.startClone(sandbox.snapshot(source, "snapshot"),
            ServerOptions.defaults().withServerId(cloneIds++));
        CloneCoordinates found = finder(clone).find(Optional.empty());
        purgeUpTo(found.coordinates().file());
        NotProvenException e = assertThrows(NotProvenException.class, () -> prover().prove(found));
        assertTrue(e.getMessage().contains("has purged " + found.coordinates().file()), e.getMessage());
        assertEquals(3, Main.run("coordinates", "--clone", clone.uri("root").toString(),
            "--source", source.uri("root").toString()));
        sandbox.discard(clone);
    }

    /** PURGE keeps files that crash recovery may still need until InnoDB has caught up, so it is retried. */
    private static void purgeUpTo(String file) throws Exception {
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("FLUSH BINARY LOGS");
            Poll.until("the source to purge " + file, Duration.ofSeconds(30), () -> {
                s.execute("PURGE BINARY LOGS TO '" + Replica.currentPosition(c).file() + "'");
                return ServerInfo.read(c).binaryLogs(c);
            }, files -> files.stream().noneMatch(f -> f.name().equals(file)));
        }
    }

    private static CoordinatesFinder finder(LocalServer clone) {
        return new CoordinatesFinder(clone.rootEndpoint("clone"));
    }

    private static SourceProver prover() {
        return new SourceProver(source.rootEndpoint("source"));
    }

    private static String lastBinlogFile(Path datadir) throws IOException {
        List<String> index = Files.readAllLines(datadir.resolve("mysql-bin-changelog.index"));
        String last = index.get(index.size() - 1).trim();
        return Path.of(last).getFileName().toString();
    }

    /** mysqlbinlog, run on the snapshot's copy of the file, shows an event whose end_log_pos is the position. */
    private static void assertMysqlbinlogEndsAnEventAt(Path copy, BinlogCoordinates at) throws Exception {
        var positions = MysqlbinlogPositionsAccess.of(copy.resolve(at.file()));
        assertTrue(positions.contains(at.position()), "mysqlbinlog shows no event ending at " + at);
    }
}
