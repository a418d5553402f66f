package offramp.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MySQL's option-file format, from the examples of the MySQL manual ("Using Option Files"). */
class OptionFilesTest {

    @TempDir
    Path dir;

    private static Map<String, String> parse(String text) {
        Map<String, OptionFiles.Value> options = new LinkedHashMap<>();
        OptionFiles.parse(text, Path.of("/home/dba/.my.cnf"), OptionFiles.GROUPS, options, 0);
        Map<String, String> values = new LinkedHashMap<>();
        options.forEach((k, v) -> values.put(k, v.value()));
        return values;
    }

    @Test
    void theManualsUserFile() {
        // The manual's typical user option file.
        Map<String, String> o = parse(String.join("\n",
            "[client]",
            "# The following password will be sent to all standard MySQL clients",
            "password=\"my password\"",
            "",
            "[mysql]",
            "no-auto-rehash",
            "connect_timeout=2"));
        assertEquals(Map.of("password", "my password"), o);
    }

    @Test
    void quotesEscapesCommentsAndSpaces() {
        Map<String, String> o = parse(String.join("\n",
            "[client]",
            "user = dba   # the admin",
            "password = 'it''s' ",
            "host=db.example.com",
            "port=3307",
            "ssl_ca=/etc/ssl/rds ca.pem",
            "ssl-mode=VERIFY_IDENTITY",
            "; a comment",
            "[offramp]",
            "password=\"a#b\\\"c\\\\d\\se\""));
        assertEquals("dba", o.get("user"));
        assertEquals("a#b\"c\\d e", o.get("password"), "later group line overrides, with escapes and # inside quotes");
        assertEquals("db.example.com", o.get("host"));
        assertEquals("3307", o.get("port"));
        assertEquals("/etc/ssl/rds ca.pem", o.get("ssl-ca"), "underscores and dashes are the same name");
        assertEquals("VERIFY_IDENTITY", o.get("ssl-mode"));
    }

    @Test
    void otherGroupsAreIgnoredAndAnUnclosedQuoteIsAnError() {
        assertEquals(Map.of(), parse("[mysqld]\npassword=server\n[client-server]\nport=1\n"));
        assertThrows(IllegalArgumentException.class, () -> parse("[client]\npassword=\"open\n"));
    }

    @Test
    void laterFilesOverrideAndIncludesAreRead() throws Exception {
        Path conf = Files.createDirectory(dir.resolve("conf.d"));
        Files.writeString(conf.resolve("a.cnf"), "[client]\nuser=fromdir\n");
        Files.writeString(conf.resolve("ignored.txt"), "[client]\nuser=not-a-cnf\n");
        Path extra = Files.writeString(dir.resolve("extra.cnf"), "[client]\nport=3310\n");
        Path system = Files.writeString(dir.resolve("my.cnf"), "[client]\npassword=system\nport=3306\n!includedir " + conf
            + "\n!include " + extra + "\n");
        Path home = Files.writeString(dir.resolve(".my.cnf"), "[client]\npassword=mine\n");
        Map<String, OptionFiles.Value> o = OptionFiles.read(List.of(system, dir.resolve("absent.cnf"), home),
            OptionFiles.GROUPS, null, null);
        assertEquals("mine", o.get("password").value());
        assertEquals(home, o.get("password").file());
        assertEquals("fromdir", o.get("user").value());
        assertEquals("3310", o.get("port").value());
    }

    @Test
    void homeComesFromTheEnvironmentAndTheDefaultsFileReplacesAll() {
        List<Path> files = OptionFiles.files(Map.of("HOME", "/home/dba"), null, Path.of("/tmp/extra.cnf"));
        assertEquals(List.of(Path.of("/etc/my.cnf"), Path.of("/etc/mysql/my.cnf"), Path.of("/home/dba/.my.cnf"),
            Path.of("/tmp/extra.cnf")), files);
        assertEquals(List.of(Path.of("/x.cnf")), OptionFiles.files(Map.of("HOME", "/home/dba"), Path.of("/x.cnf"), null));
        assertFalse(OptionFiles.files(Map.of(), null, null).stream().anyMatch(p -> p.endsWith(".my.cnf")));
    }

    @Test
    void aGivenFileThatIsMissingIsAnError() {
        Path missing = dir.resolve("nosuch.cnf");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> OptionFiles.read(List.of(missing), OptionFiles.GROUPS, missing, null));
        assertTrue(e.getMessage().contains("no option file " + missing), e.getMessage());
    }
}
