package offramp.copy;

import offramp.cli.CliRun;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Views, routines, triggers and events keep the context they were created in (sql_mode, character_set_client,
 * collation_connection, database collation): mysqldump of both servers shows the same, and checksum compares it.
 */
class ObjectContextIT {

    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-context-it");

    @Test
    void objectsCreatedUnderLatin1Utf8mb3AndUtf8mb4KeepTheirContext() throws Exception {
        LocalServer source = sandbox.startForTest("source", ServerOptions.defaults());
        LocalServer target = sandbox.startForTest("target", ServerOptions.defaults().withServerId(2));
        mysql(source, "latin1", StandardCharsets.ISO_8859_1, """
            CREATE DATABASE ctx CHARACTER SET latin1;
            USE ctx;
            CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(40)) CHARACTER SET utf8mb4;
            SET NAMES latin1;
            SET sql_mode = 'PIPES_AS_CONCAT,NO_BACKSLASH_ESCAPES';
            CREATE FUNCTION f_latin1() RETURNS VARCHAR(20) DETERMINISTIC RETURN 'café' || '\\';
            CREATE VIEW v_latin1 AS SELECT id, 'ß' AS s FROM t;
            """);
        mysql(source, "utf8mb3", StandardCharsets.UTF_8, """
            USE ctx;
            SET NAMES utf8mb3 COLLATE utf8mb3_bin;
            CREATE PROCEDURE p_utf8mb3() SELECT 'naïve' = 'NAÏVE' AS same;
            """);
        mysql(source, "utf8mb4", StandardCharsets.UTF_8, """
            ALTER DATABASE ctx CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
            USE ctx;
            SET NAMES utf8mb4;
            SET sql_mode = 'STRICT_ALL_TABLES';
            CREATE TRIGGER t_mark BEFORE INSERT ON t FOR EACH ROW SET NEW.name = CONCAT(NEW.name, '😀');
            CREATE EVENT e_clean ON SCHEDULE EVERY 1 DAY DO DELETE FROM t WHERE name = 'ü';
            ALTER DATABASE ctx CHARACTER SET latin1 COLLATE latin1_swedish_ci;
            """);
        CliRun copy = CliRun.of("copy", "--from", source.uri("root").toString(), "--to", target.uri("root").toString(),
            "--schemas", "ctx", "--work-dir", Files.createTempDirectory(sandbox.root(), "work").toString());
        assertEquals(0, copy.exit(), copy.out() + copy.err());

        String left = dump(source);
        String right = dump(target).replace("DISABLE ON SLAVE", "ENABLE"); // events are disabled on the replica
        assertTrue(left.contains("character_set_client  = latin1") && left.contains("utf8mb3_bin"), left);
        assertEquals(left, right, "mysqldump --routines --triggers --events of both servers");
        try (Connection s = source.connect(); Connection t = target.connect()) {
            assertEquals(scalar(s, "SELECT ctx.f_latin1()"), scalar(t, "SELECT ctx.f_latin1()"));
            assertEquals("café\\", scalar(t, "SELECT ctx.f_latin1()"));
            assertEquals(scalar(s, "SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'ctx'"),
                scalar(t, "SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'ctx'"),
                "the database's own collation is back as it was");
        }
        CliRun same = CliRun.of("checksum", "--left", source.uri("root").toString(), "--right", target.uri("root").toString(),
            "--schemas", "ctx");
        assertEquals(0, same.exit(), same.out() + same.err());

        // The same body created under another character_set_client is a different function.
        mysql(target, "utf8mb4", StandardCharsets.UTF_8, """
            USE ctx;
            SET sql_mode = 'PIPES_AS_CONCAT,NO_BACKSLASH_ESCAPES';
            DROP FUNCTION f_latin1;
            CREATE FUNCTION f_latin1() RETURNS VARCHAR(20) DETERMINISTIC RETURN 'café' || '\\';
            """);
        CliRun differs = CliRun.of("checksum", "--left", source.uri("root").toString(), "--right", target.uri("root").toString(),
            "--schemas", "ctx");
        assertEquals(4, differs.exit(), differs.out() + differs.err());
        assertTrue((differs.out() + differs.err()).contains("function ctx.f_latin1"), differs.out() + differs.err());
        assertTrue((differs.out() + differs.err()).contains("creation context"), differs.out() + differs.err());
    }

    /** Runs a script through the mysql client, sent in {@code encoding} with --default-character-set. */
    private static void mysql(LocalServer server, String charset, Charset encoding, String script) throws Exception {
        Process p = new ProcessBuilder("mysql", "--no-defaults", "-h127.0.0.1", "-P" + server.port(), "-uroot",
            "--default-character-set=" + charset).redirectErrorStream(true).start();
        p.getOutputStream().write(script.getBytes(encoding));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    private static String dump(LocalServer server) throws Exception {
        Process p = new ProcessBuilder(List.of("mysqldump", "--no-defaults", "-h127.0.0.1", "-P" + server.port(), "-uroot",
            "--routines", "--triggers", "--events", "--no-data", "--skip-dump-date", "--skip-comments", "--databases", "ctx"))
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        return out;
    }

    private static String scalar(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
