package offramp.replication;

import offramp.binlog.BinlogCoordinates;
import offramp.cli.CliRun;
import offramp.demo.DumpCopy;
import offramp.sandbox.LocalServer;
import offramp.sandbox.Sandbox;
import offramp.sandbox.ServerOptions;
import offramp.verify.TableChecksums;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** offramp replicate against real MariaDB servers: caught up and identical, read-only, errors explained. */
class ReplicateIT {

    private static final String REPL_PASSWORD = "repl-Secret-42";
    private static Sandbox sandbox;
    private static LocalServer source;
    private static BinlogCoordinates start;
    private static Path passwordFile;

    @BeforeAll
    static void sourceWithHistory() throws Exception {
        sandbox = Sandbox.temporary("offramp-replicate-it");
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

    @AfterAll
    static void cleanup() {
        sandbox.close();
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
            assertEquals("mysql.rds\\_%", scalar(r, "SELECT @@GLOBAL.replicate_wild_ignore_table"));
        }
        assertTrue(!run.out().contains(REPL_PASSWORD) && !run.err().contains(REPL_PASSWORD));
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
        List<String> args = new java.util.ArrayList<>(List.of("replicate", "--replica", replica.uri("root").toString(),
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
