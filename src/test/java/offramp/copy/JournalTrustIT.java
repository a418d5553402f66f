package offramp.copy;

import offramp.cli.CliRun;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A copy journal is trusted only for the servers it was written for, and only while the target holds its work. */
class JournalTrustIT {

    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-trust-it");
    private static LocalServer source;

    @BeforeAll
    static void sourceWithData() throws Exception {
        source = sandbox.startServer("source", ServerOptions.defaults());
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE app");
            s.execute("USE app");
            s.execute("CREATE TABLE app.a (id INT PRIMARY KEY, v VARCHAR(50))");
            s.execute("INSERT INTO app.a SELECT seq, MD5(seq) FROM seq_1_to_3000");
            s.execute("CREATE TABLE app.b (id INT PRIMARY KEY)");
            s.execute("INSERT INTO app.b SELECT seq FROM seq_1_to_500");
        }
    }

    @Test
    void aTargetRebuiltOnTheSameHostAndPortIsNotTakenForTheCopiedOne() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(2));
        Path work = sandbox.root().resolve("work-rebuilt");
        CliRun first = copy(target, work);
        assertEquals(0, first.exit(), first.err());

        int port = target.port();
        sandbox.discard(target);
        LocalServer rebuilt = sandbox.startServer("rebuilt", ServerOptions.defaults().withServerId(2), port);

        CliRun rerun = copy(rebuilt, work);
        assertEquals(1, rerun.exit(), rerun.out() + rerun.err());
        assertFalse(rerun.out().contains("nothing to do"), rerun.out());
        assertTrue(rerun.err().contains(work.toString()), rerun.err());
        assertTrue(rerun.err().contains("no longer has [app.a, app.b]"), rerun.err());
        assertTrue(rerun.err().contains("new work directory"), rerun.err());

        CliRun fresh = copy(rebuilt, sandbox.root().resolve("work-fresh"));
        assertEquals(0, fresh.exit(), fresh.err());
        assertEquals(3000, count(rebuilt, "app.a"));
    }

    @Test
    void aTargetThatLostRowsIsRefusedAndOneThatIsIntactReportsTheCopyDone() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(3));
        Path work = sandbox.root().resolve("work-truncated");
        assertEquals(0, copy(target, work).exit());

        CliRun again = copy(target, work);
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("nothing to do"), again.out());

        try (Connection t = target.connect(); Statement s = t.createStatement()) {
            s.execute("DELETE FROM app.a WHERE id > 1000");
        }
        CliRun rerun = copy(target, work);
        assertEquals(1, rerun.exit(), rerun.out() + rerun.err());
        assertTrue(rerun.err().contains("app.a holds 1000 rows where this copy loaded 3000"), rerun.err());
        sandbox.discard(target);
    }

    /**
     * Large tables are not counted whole on a rerun: every loaded chunk is looked up, and a sample of them counted;
     * once the copy is done they need only exist (they are the replica's tables then).
     */
    @Test
    void aLargeTableIsTrustedChunkByChunk() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(5));
        Path work = sandbox.root().resolve("work-large");
        System.setProperty(JournalTrust.EXACT_COUNT_PROPERTY, "100"); // app.a and app.b count as large
        try {
            assertEquals(0, copy(target, work).exit());
            try (Connection t = target.connect(); Statement s = t.createStatement()) {
                s.execute("DELETE FROM app.a WHERE id BETWEEN 10 AND 19"); // the first chunk, which is always counted
            }
            CliRun done = copy(target, work);
            assertEquals(0, done.exit(), done.err());
            assertTrue(done.out().contains("nothing to do"), "a finished copy's tables need only exist: " + done.out());

            // As if the copy had been killed just before it recorded itself done.
            Path journal = work.resolve(CopyJournal.FILE);
            Files.write(journal, Files.readAllLines(journal).stream().filter(l -> !l.contains("\"step\":\"done\"")).toList());
            CliRun fewer = copy(target, work);
            assertEquals(1, fewer.exit(), fewer.out() + fewer.err());
            assertTrue(fewer.err().matches("(?s).*the target's app\\.a holds \\d+ rows in chunk 0 \\(key .*\\), where this copy "
                + "loaded \\d+.*"), fewer.err());

            try (Connection t = target.connect(); Statement s = t.createStatement()) {
                s.execute("DELETE FROM app.a WHERE id > 1000"); // whole chunks, counted or not
            }
            CliRun emptied = copy(target, work);
            assertEquals(1, emptied.exit(), emptied.out() + emptied.err());
            assertTrue(emptied.err().contains("the target's app.a holds no row in chunk "), emptied.err());
            assertFalse(emptied.err().contains("app.b"), "app.b is intact: " + emptied.err());
        } finally {
            System.clearProperty(JournalTrust.EXACT_COUNT_PROPERTY);
        }
        sandbox.discard(target);
    }

    @Test
    void aTargetWhoseServerIdChangedIsRefused() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(4));
        Path work = sandbox.root().resolve("work-server-id");
        assertEquals(0, copy(target, work).exit());
        try (Connection t = target.connect(); Statement s = t.createStatement()) {
            s.execute("SET GLOBAL server_id = 9");
        }
        CliRun rerun = copy(target, work);
        assertEquals(1, rerun.exit(), rerun.err());
        assertTrue(rerun.err().contains("the target's server_id was 4 and is now 9"), rerun.err());
        sandbox.discard(target);
    }

    private static CliRun copy(LocalServer target, Path work) {
        return CliRun.of("copy", "--from", source.uri("root").toString(), "--to", target.uri("root").toString(),
            "--schemas", "app", "--work-dir", work.toString(), "--threads", "2", "--chunk-rows", "700");
    }

    private static long count(LocalServer server, String table) throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
