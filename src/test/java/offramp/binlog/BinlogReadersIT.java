package offramp.binlog;

import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import offramp.server.ServerInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Positions read by offramp, from files and from the server, equal what mysqlbinlog prints for files written
 * by a real server under a mixed workload in every binlog format, with and without checksums.
 */
class BinlogReadersIT {

    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-binlog-it");

    @ParameterizedTest
    @ValueSource(strings = {"CRC32", "NONE"})
    void positionsEqualMysqlbinlog(String checksum) throws Exception {
        LocalServer server = sandbox.startServer("binlog-" + checksum, ServerOptions.defaults().withFormat("ROW", checksum));
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            mixedWorkload(c, s);
            s.execute("FLUSH BINARY LOGS");
            ServerInfo info = ServerInfo.read(c);
            List<ServerInfo.BinaryLogFile> files = info.binaryLogs(c);
            String file = files.get(files.size() - 2).name();

            List<MysqlbinlogPositions.Position> expected =
                MysqlbinlogPositions.of(server.binlogDirectory().resolve(file));
            assertTrue(expected.size() > 100, "mysqlbinlog printed " + expected.size() + " events");

            List<BinlogEvent> fromFile = new ArrayList<>();
            ReadResult fileResult = new FileBinlogReader(server.binlogDirectory()).read(file, 4, fromFile::add);
            List<BinlogEvent> fromServer = new ArrayList<>();
            ReadResult serverResult = new ServerBinlogReader(server.rootEndpoint("source")).read(file, 4, fromServer::add);

            assertSamePositions(expected, positions(fromFile), "file reader");
            assertSamePositions(expected, positions(fromServer), "server reader");
            assertEquals(ReadResult.Ending.END_OF_FILE, fileResult.ending());
            assertEquals(ReadResult.Ending.END_OF_FILE, serverResult.ending());
            assertEquals(files.get(files.size() - 2).size(), fileResult.lastEnd());
            for (int i = 0; i < fromFile.size(); i++) {
                assertTrue(fromFile.get(i).sameAs(fromServer.get(i)), "event " + i + " differs: "
                    + fromFile.get(i) + " vs " + fromServer.get(i));
            }
            assertTrue(fromFile.stream().anyMatch(e -> e.length() > (1 << 20)), "an event over 1 MiB");
            assertTrue(fromFile.stream().anyMatch(e -> e.gtid() != null && e.standalone()), "a standalone GTID");

            TransactionBoundaries boundaries = new TransactionBoundaries(3);
            fromFile.forEach(boundaries::accept);
            assertFalse(boundaries.insideTransaction());
            assertEquals(fileResult.lastEnd(), boundaries.boundary());
        }
    }

    /** DML, DDL, multi-statement transactions, rows over 1 MiB, in ROW, STATEMENT and MIXED formats. */
    static void mixedWorkload(Connection c, Statement s) throws Exception {
        Random random = new Random(7);
        s.execute("CREATE DATABASE app");
        s.execute("CREATE TABLE app.t (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(64), body LONGBLOB, n DECIMAL(20,6))");
        s.execute("CREATE TABLE app.m (id INT PRIMARY KEY, v TEXT) ENGINE=MyISAM");
        for (String format : List.of("ROW", "STATEMENT", "MIXED")) {
            s.execute("SET SESSION binlog_format = '" + format + "'");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO app.t (name, body, n) VALUES (?, ?, ?)")) {
                for (int i = 0; i < 40; i++) {
                    c.setAutoCommit(i % 3 == 0);
                    int size = i % 13 == 0 ? (1 << 20) + 4096 : random.nextInt(3000);
                    byte[] body = new byte[size];
                    random.nextBytes(body);
                    insert.setString(1, "row " + i + " \t'quoted'\n");
                    insert.setBytes(2, body);
                    insert.setBigDecimal(3, new BigDecimal(random.nextInt(1_000_000) + ".123456"));
                    insert.executeUpdate();
                    if (i % 3 == 1) {
                        s.executeUpdate("UPDATE app.t SET n = n + 1 WHERE id % 5 = " + (i % 5));
                        c.commit();
                    } else if (i % 3 == 2) {
                        s.executeUpdate("DELETE FROM app.t WHERE id = " + (i / 2));
                        c.commit();
                    }
                }
            }
            c.setAutoCommit(true);
            s.execute("ALTER TABLE app.t ADD COLUMN c_" + format + " INT DEFAULT 1");
            s.execute("INSERT INTO app.m VALUES (" + format.length() + ", 'non-transactional " + format + "')");
            s.execute("CREATE TABLE app.tmp_" + format + " AS SELECT id, name FROM app.t");
            s.execute("DROP TABLE app.tmp_" + format);
        }
    }

    static void assertSamePositions(List<MysqlbinlogPositions.Position> expected,
                                    List<MysqlbinlogPositions.Position> actual, String reader) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), reader + ": event " + i + " differs from mysqlbinlog");
        }
        assertEquals(expected.size(), actual.size(), reader + ": number of events");
    }

    static List<MysqlbinlogPositions.Position> positions(List<BinlogEvent> events) {
        return events.stream().map(e -> new MysqlbinlogPositions.Position(e.start(), e.end())).toList();
    }
}
