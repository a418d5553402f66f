package offramp.copy;

import offramp.cli.CliRun;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import offramp.testing.Poll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker that fails mid-copy or mid-comparison leaves no connection open on either server: the target allows
 * the offramp user fewer connections than there are workers, so some workers fail between opening their
 * connection to the source and their connection to the target.
 */
class WorkerFailureIT {

    private static final String USER = "copier";
    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-worker-failure-it");
    private static LocalServer source;
    private static LocalServer target;

    @BeforeAll
    static void servers() throws Exception {
        source = sandbox.startServer("source", ServerOptions.defaults());
        target = sandbox.startServer("target", ServerOptions.defaults().withServerId(2));
        createUser(source, "");
        createUser(target, " WITH MAX_USER_CONNECTIONS 3");
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE leak");
            s.execute("USE leak"); // the SEQUENCE engine's seq_ tables need a current schema
            for (String table : new String[] {"a", "b", "c"}) {
                s.execute("CREATE TABLE leak." + table + " (id INT PRIMARY KEY, v VARCHAR(40))");
                s.execute("INSERT INTO leak." + table + " SELECT seq, MD5(seq) FROM seq_1_to_20000");
            }
        }
    }

    @Test
    void aChunkWorkerThatCannotConnectToTheTargetLeavesNoConnectionOpen() throws Exception {
        CliRun run = CliRun.of("copy", "--from", source.uri(USER).toString(), "--to", target.uri(USER).toString(),
            "--schemas", "leak", "--work-dir", Files.createTempDirectory(sandbox.root(), "work").toString(),
            "--threads", "6", "--chunk-rows", "1000");
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("max_user_connections"), run.err());
        assertNoConnectionsOf(source);
        assertNoConnectionsOf(target);
    }

    @Test
    void aChecksumWorkerThatCannotConnectToTheRightLeavesNoConnectionOpen() throws Exception {
        CliRun run = CliRun.of("checksum", "--left", source.uri(USER).toString(), "--right", target.uri(USER).toString(),
            "--schemas", "leak", "--threads", "6", "--chunk-rows", "1000");
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("max_user_connections"), run.err());
        assertNoConnectionsOf(source);
        assertNoConnectionsOf(target);
    }

    private static void createUser(LocalServer server, String limits) throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            for (String host : new String[] {"localhost", "127.0.0.1", "%"}) {
                s.execute("CREATE USER '" + USER + "'@'" + host + "'" + limits);
                s.execute("GRANT ALL ON *.* TO '" + USER + "'@'" + host + "'");
            }
        }
    }

    /** The server closes a session a moment after its client does: asked for a few seconds. */
    private static void assertNoConnectionsOf(LocalServer server) throws Exception {
        Poll.until("the sessions of " + USER + " on " + server.uri(USER) + " to close", Duration.ofSeconds(5), () -> {
            try (Connection c = server.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '" + USER + "'")) {
                rs.next();
                return rs.getLong(1);
            }
        }, open -> open == 0);
    }
}
