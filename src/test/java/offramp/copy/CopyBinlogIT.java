package offramp.copy;

import offramp.cli.CliRun;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import offramp.verify.TableChecksums;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The initial load writes nothing of its own into the target's binlog, unless asked to or it may not. */
class CopyBinlogIT {

    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-copy-binlog-it");
    private static LocalServer source;

    @BeforeAll
    static void servers() throws Exception {
        source = sandbox.startServer("source", ServerOptions.defaults());
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop");
            s.execute("USE shop");
            s.execute("CREATE TABLE shop.orders (id INT PRIMARY KEY, customer VARCHAR(40), total DECIMAL(10,2), KEY by_customer (customer))");
            s.execute("INSERT INTO shop.orders SELECT seq, CONCAT('c', seq % 500), seq / 3 FROM seq_1_to_20000");
            s.execute("CREATE VIEW shop.big_orders AS SELECT * FROM shop.orders WHERE total > 100");
        }
    }

    @Test
    void byDefaultTheTargetsBinlogAndGtidsDoNotMove() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(2));
        Binlog before = Binlog.of(target);
        CliRun run = copy(target, "root");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertEquals(before, Binlog.of(target), "nothing of the copy went into the target's binlog");
        assertEquals("", Binlog.of(target).gtid(), "the target has no transactions of its own");
        assertIdentical(target);
        sandbox.discard(target);
    }

    @Test
    void withLogBinCopyTheCopyGoesIntoTheBinlogAsBefore() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(3));
        Binlog before = Binlog.of(target);
        CliRun run = copy(target, "root", "--log-bin-copy");
        assertEquals(0, run.exit(), run.out() + run.err());
        Binlog after = Binlog.of(target);
        assertTrue(after.bytes() > before.bytes() + 200_000, before + " -> " + after);
        assertTrue(!after.gtid().isEmpty(), after.toString());
        assertIdentical(target);
        sandbox.discard(target);
    }

    @Test
    void aUserWhoMayNotSetSqlLogBinIsWarnedWithTheGrantToGive() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(4));
        try (Connection t = target.connect(); Statement s = t.createStatement()) {
            s.execute("CREATE USER loader@'%'");
            s.execute("GRANT ALL ON shop.* TO loader@'%'");
            s.execute("GRANT SELECT ON mysql.* TO loader@'%'");
        }
        Binlog before = Binlog.of(target);
        CliRun run = copy(target, "loader", "--definer", "strip");
        assertEquals(0, run.exit(), run.out() + run.err());
        String said = run.out() + run.err();
        assertTrue(said.contains("the target user loader may not set sql_log_bin"), said);
        assertTrue(said.contains("GRANT BINLOG ADMIN ON *.* TO loader"), said);
        assertTrue(Binlog.of(target).bytes() > before.bytes(), "the copy went into the binlog, as the warning said");
        assertIdentical(target);
        sandbox.discard(target);
    }

    private static CliRun copy(LocalServer target, String user, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("copy", "--from", source.uri("root").toString(),
            "--to", target.uri(user).toString(), "--schemas", "shop",
            "--work-dir", Files.createTempDirectory(sandbox.root(), "work").toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static void assertIdentical(LocalServer target) throws Exception {
        try (Connection s = source.connect(); Connection t = target.connect()) {
            assertEquals(TableChecksums.of(s, List.of("shop")), TableChecksums.of(t, List.of("shop")));
        }
    }

    /** The target's binlog: total bytes of its files and its GTID position. */
    private record Binlog(long bytes, String gtid) {
        static Binlog of(LocalServer server) throws Exception {
            long bytes = 0;
            try (Connection c = server.connect(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
                    while (rs.next()) {
                        bytes += rs.getLong(2);
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT @@gtid_binlog_pos")) {
                    rs.next();
                    return new Binlog(bytes, rs.getString(1));
                }
            }
        }
    }
}
