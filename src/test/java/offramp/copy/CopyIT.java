package offramp.copy;

import offramp.cli.Main;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import offramp.verify.TableChecksums;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * offramp copy of a torture schema (every type and edge value, keyless and composite-key tables, foreign keys,
 * triggers that would corrupt rows if they fired, views over views, routines, events), checked by independent
 * means: CHECKSUM TABLE per table and mysqldump of both servers.
 */
class CopyIT {

    private static final List<String> SCHEMAS = List.of("torture");
    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-copy-it");
    private static LocalServer source;

    @BeforeAll
    static void tortureSource() throws Exception {
        source = sandbox.startServer("source", ServerOptions.defaults());
        Clients.runSql(source, Path.of("src/test/resources/copy/torture.sql"));
    }

    @Test
    void theTortureSchemaArrivesIdentical() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(2));
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        assertEquals(0, copy(target, work, "--threads", "3", "--chunk-rows", "37"));

        try (Connection s = source.connect(); Connection t = target.connect()) {
            Map<String, String> expected = TableChecksums.of(s, SCHEMAS);
            assertEquals(10, expected.size(), expected.toString());
            assertEquals(expected, TableChecksums.of(t, SCHEMAS));
            assertEquals(scalar(s, "SELECT GROUP_CONCAT(note) FROM torture.ci_composite WHERE note LIKE '%CORRUPT%'"),
                scalar(t, "SELECT GROUP_CONCAT(note) FROM torture.ci_composite WHERE note LIKE '%CORRUPT%'"));
            assertEquals("SLAVESIDE_DISABLED", scalar(t, "SELECT STATUS FROM information_schema.EVENTS WHERE EVENT_NAME = 'nightly'"));
        }
        assertEquals(Clients.dump(source, SCHEMAS), Clients.dump(target, SCHEMAS).replace("DISABLE ON SLAVE", "ENABLE"));

        // The same copy again is complete; into a target that holds the tables without this journal it is refused.
        assertEquals(0, copy(target, work));
        assertEquals(2, copy(target, Files.createTempDirectory(sandbox.root(), "other-work")));
        sandbox.discard(target);
    }

    @Test
    void definersCanBeStrippedOrReplaced() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(3));
        try (Connection t = target.connect(); Statement st = t.createStatement()) {
            st.execute("CREATE USER 'app'@'%'");
            st.execute("GRANT ALL ON torture.* TO 'app'@'%'");
        }
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        assertEquals(0, copy(target, work, "--definer", "replace=app@%"));
        try (Connection t = target.connect()) {
            assertEquals("app@%", scalar(t, "SELECT DEFINER FROM information_schema.VIEWS WHERE TABLE_NAME = 'v_top'"));
            assertEquals("app@%", scalar(t, "SELECT DEFINER FROM information_schema.TRIGGERS WHERE TRIGGER_NAME = 'corrupt_ci'"));
        }
        sandbox.discard(target);
    }

    @Test
    void aDefinerMissingOnTheTargetIsNamed() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(4));
        CopyOptions options = new CopyOptions(SCHEMAS, List.of("torture.types"), 2,
            Files.createTempDirectory(sandbox.root(), "work"), DefinerPolicy.KEEP, CopyOptions.DEFAULT_CHUNK_BYTES, 2, 0);
        CopyResult result = new Copier(source.rootEndpoint("from"), target.rootEndpoint("to"), options,
            new PrintStream(OutputStream.nullOutputStream())).run();
        assertTrue(result.notes().stream().anyMatch(n -> n.contains("rdsadmin@localhost") && n.contains("--definer strip")),
            result.notes().toString());
        assertTrue(!result.tables().containsKey("torture.types"), "--exclude-tables left it out");
        sandbox.discard(target);
    }

    /**
     * Values that stress the LOAD DATA encoding (NULL, '', 'NULL', '\\N', tabs, newlines, backslashes, every byte,
     * generated binary and text, some larger than the stream's buffer) arrive byte for byte.
     */
    @Test
    void everyValueArrivesByteIdentical() throws Exception {
        List<byte[]> values = new ArrayList<>(LoadDataValues.edges());
        values.addAll(LoadDataValues.generated(16, 400));
        try (Connection s = source.connect(); Statement st = s.createStatement()) {
            st.execute("CREATE DATABASE bytes");
            st.execute("CREATE TABLE bytes.v (id INT PRIMARY KEY, b LONGBLOB NULL, "
                + "t LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL, l TEXT CHARACTER SET latin1 NULL)");
            try (PreparedStatement insert = s.prepareStatement("INSERT INTO bytes.v VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < values.size(); i++) {
                    insert.setInt(1, i);
                    insert.setBytes(2, values.get(i));
                    insert.setString(3, utf8(values.get(i)));
                    insert.setBytes(4, values.get(i) == null || values.get(i).length > 65535 ? null : values.get(i));
                    insert.executeUpdate();
                }
            }
        }
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(5));
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        assertEquals(0, Main.run("copy", "--from", source.uri("root").toString(), "--to", target.uri("root").toString(),
            "--schemas", "bytes", "--work-dir", work.toString(), "--threads", "3", "--chunk-rows", "37"));
        try (Connection s = source.connect(); Connection t = target.connect();
             Statement ss = s.createStatement(); Statement ts = t.createStatement();
             ResultSet left = ss.executeQuery("SELECT id, b, t, l FROM bytes.v ORDER BY id");
             ResultSet right = ts.executeQuery("SELECT id, b, t, l FROM bytes.v ORDER BY id")) {
            int rows = 0;
            while (left.next()) {
                assertTrue(right.next(), "the target has fewer rows");
                int id = left.getInt(1);
                assertEquals(id, right.getInt(1));
                assertArrayEquals(values.get(id), right.getBytes(2), "b of row " + id);
                for (int column = 2; column <= 4; column++) {
                    assertArrayEquals(left.getBytes(column), right.getBytes(column),
                        "column " + column + " of row " + id);
                }
                rows++;
            }
            assertTrue(!right.next(), "the target has more rows");
            assertEquals(values.size(), rows);
        } finally {
            try (Connection s = source.connect(); Statement st = s.createStatement()) {
                st.execute("DROP DATABASE bytes");
            }
        }
        sandbox.discard(target);
    }

    /** The value as text when it is valid UTF-8; NULL otherwise. */
    private static String utf8(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * A load session keeps unique_checks on: off (with foreign key checks off) it would send the first load into an
     * empty table down MariaDB's bulk-insert path, which costs the target about twice the CPU per row (see
     * {@link Sessions.Loading#apply}); and it keeps the load out of the binlog and free of foreign key checks.
     */
    @Test
    void aLoadSessionStaysOnTheOrdinaryInsertPath() throws Exception {
        try (Connection c = source.connect()) {
            new Sessions.Loading(false).apply(c);
            assertEquals("ON OFF OFF", scalar(c, "SELECT CONCAT_WS(' ', @@SESSION.unique_checks, @@SESSION.foreign_key_checks, @@SESSION.sql_log_bin)"));
        }
    }

    private static int copy(LocalServer target, Path work, String... more) {
        List<String> args = new ArrayList<>(List.of("copy", "--from", source.uri("root").toString(),
            "--to", target.uri("root").toString(), "--schemas", "torture", "--work-dir", work.toString()));
        args.addAll(List.of(more));
        return Main.run(args.toArray(String[]::new));
    }

    static String scalar(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
