package offramp.cli;

import offramp.binlog.MysqlbinlogPositionsAccess;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commands as a DBA runs them: output, exit codes, passwords and the errors that name the fix. */
class CommandLineIT {

    private static final String PASSWORD = "Pw-only-in-a-file-7";
    private static final Pattern TEXT_LINE = Pattern.compile(".*  at (\\d+)  end_log_pos (\\d+)  .*");
    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-cli-it");
    private static LocalServer source;
    private static LocalServer clone;
    private static String file;

    @BeforeAll
    static void servers() throws Exception {
        source = sandbox.startServer("source", ServerOptions.defaults());
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0"); // the users' statements would show in the listings
            s.execute("CREATE USER 'dba'@'localhost' IDENTIFIED BY '" + PASSWORD + "'");
            s.execute("GRANT REPLICATION SLAVE, BINLOG MONITOR, SELECT ON *.* TO 'dba'@'localhost'");
            s.execute("CREATE USER 'nobody'@'localhost' IDENTIFIED BY '" + PASSWORD + "'");
            s.execute("SET SESSION sql_log_bin = 1");
            s.execute("CREATE DATABASE app");
            s.execute("CREATE TABLE app.t (id INT PRIMARY KEY AUTO_INCREMENT, v VARCHAR(200))");
            for (int i = 0; i < 50; i++) {
                s.execute("INSERT INTO app.t (v) VALUES (REPEAT('v', " + (i * 3) + "))");
            }
        }
        clone = sandbox.startClone(sandbox.snapshot(source, "snapshot"), ServerOptions.defaults().withServerId(9));
        file = "mysql-bin-changelog.000001";
    }

    @Test
    void binlogListsTheEventsMysqlbinlogShows() throws Exception {
        Path path = source.binlogDirectory().resolve(file);
        CliRun run = run("binlog", path.toString());
        assertEquals(0, run.exit(), run.err());
        List<Long> ends = new ArrayList<>();
        for (String line : run.out().split("\n")) {
            Matcher m = TEXT_LINE.matcher(line);
            assertTrue(m.matches(), line);
            ends.add(Long.parseLong(m.group(2)));
        }
        List<Long> expected = MysqlbinlogPositionsAccess.of(path);
        assertEquals(expected.subList(0, ends.size()), ends);
        assertTrue(run.out().contains("CREATE TABLE app.t"), "statement heads are shown");
    }

    @Test
    void binlogFromAServerAsJsonLines() throws Exception {
        Path pw = passwordFile();
        CliRun run = run("binlog", "--server", "dba@127.0.0.1:" + source.port(), "--file", file,
            "--start-position", "256", "--source-password-file", pw.toString(), "--json");
        assertEquals(0, run.exit(), run.err());
        ObjectMapper json = new ObjectMapper();
        String[] lines = run.out().split("\n");
        JsonNode first = json.readTree(lines[0]);
        assertEquals(256, first.get("start").asLong());
        long previousEnd = 256;
        for (String line : lines) {
            JsonNode event = json.readTree(line);
            assertEquals(previousEnd, event.get("start").asLong(), line);
            previousEnd = event.get("end").asLong();
        }
        assertFalse(run.out().contains(PASSWORD));
    }

    @Test
    void coordinatesAsJsonWithTheProof() throws Exception {
        CliRun run = run("coordinates", "--clone", clone.uri("root").toString(), "--source", source.uri("root").toString(), "--json");
        assertEquals(0, run.exit(), run.err());
        JsonNode result = new ObjectMapper().readTree(run.out());
        assertEquals(file, result.get("file").asText());
        assertTrue(result.get("proven").asBoolean());
        assertEquals(Files.size(source.binlogDirectory().resolve(file)) >= result.get("position").asLong(), true);
        assertEquals(result.get("position").asLong(), result.get("clone").get("fileSize").asLong());
        assertTrue(result.get("proof").get("eventsCompared").asInt() > 0);
    }

    @Test
    void coordinatesWithoutSourceNamesThePositionButNotAsProven() {
        CliRun run = run("coordinates", "--clone", clone.uri("root").toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith(file + ":"), run.out());
        assertTrue(run.out().contains("not proven: give --source"), run.out());
    }

    @Test
    void everyCommandTakesHelp() {
        for (String command : List.of("binlog", "coordinates", "copy", "checksum", "replicate", "plan", "provision", "demo")) {
            CliRun run = run(command, "--help");
            assertEquals(0, run.exit(), command + ": " + run.err());
            assertTrue(run.out().startsWith("Usage: offramp " + command), run.out());
        }
    }

    @Test
    void badUsageExits2() {
        assertEquals(2, run("binlog").exit());
        assertEquals(2, run("binlog", "--server", "root@127.0.0.1:1", "--file", file, "--start-position", "3").exit());
        CliRun leaked = run("coordinates", "--clone", "root:" + PASSWORD + "@127.0.0.1:3306");
        assertEquals(2, leaked.exit());
        assertFalse(leaked.err().contains(PASSWORD), leaked.err());
        assertTrue(leaked.err().contains("password"), leaked.err());
    }

    @Test
    void aMissingGrantIsNamed() throws Exception {
        CliRun run = run("binlog", "--server", "nobody@127.0.0.1:" + source.port(), "--file", file,
            "--source-password-file", passwordFile().toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("REPLICATION SLAVE"), run.err());
        assertFalse(run.err().contains(PASSWORD), run.err());
    }

    @Test
    void aWrongPasswordFailsWithoutShowingIt() throws Exception {
        Path wrong = Files.createTempFile(sandbox.root(), "pw", "");
        Files.writeString(wrong, "not-" + PASSWORD + "\n");
        CliRun run = run("coordinates", "--clone", "dba@127.0.0.1:" + clone.port(), "--clone-password-file", wrong.toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().toLowerCase().contains("access denied"), run.err());
        assertFalse(run.err().contains(PASSWORD), run.err());
    }

    @Test
    void zeroOrNegativeCountsAreUsageErrorsNamingTheOption() {
        for (String[] bad : List.of(new String[] {"--threads", "0"}, new String[] {"--chunk-rows", "-5"},
            new String[] {"--chunk-mb", "0"}, new String[] {"--index-threads", "-1"})) {
            CliRun run = run("copy", "--from", source.uri("root").toString(), "--to", clone.uri("root").toString(), bad[0], bad[1]);
            assertEquals(2, run.exit(), String.join(" ", bad) + ": " + run.err());
            assertTrue(run.err().contains(bad[0]) && run.err().contains("must be at least 1"), run.err());
        }
        CliRun checksum = run("checksum", "--left", source.uri("root").toString(), "--right", clone.uri("root").toString(),
            "--chunk-rows", "0");
        assertEquals(2, checksum.exit(), checksum.err());
        assertFalse(checksum.err().contains("by zero"), checksum.err());
        for (String[] bad : List.of(new String[] {"--connect-retry", "0"}, new String[] {"--heartbeat", "-1"})) {
            CliRun replicate = run("replicate", "--replica", clone.uri("root").toString(), "--source", source.uri("root").toString(),
                "--file", "mysql-bin.000001", "--pos", "4", "--replication-user", "repl", bad[0], bad[1]);
            assertEquals(2, replicate.exit(), String.join(" ", bad) + ": " + replicate.err());
            assertTrue(replicate.err().contains(bad[0]), replicate.err());
        }
    }

    @Test
    void patternsThatMatchNothingAreNamed() {
        CliRun exclude = run("copy", "--from", source.uri("root").toString(), "--to", clone.uri("root").toString(),
            "--work-dir", sandbox.root().resolve("unused-work").toString(), "--exclude-tables", "app.t,app.tmp_*");
        assertEquals(2, exclude.exit(), exclude.err());
        assertTrue(exclude.err().contains("'app.tmp_*'") && !exclude.err().contains("'app.t'"), exclude.err());
        CliRun schemas = run("copy", "--from", source.uri("root").toString(), "--to", clone.uri("root").toString(),
            "--work-dir", sandbox.root().resolve("unused-work").toString(), "--schemas", "billing*");
        assertEquals(2, schemas.exit(), schemas.err());
        assertTrue(schemas.err().contains("'billing*' matches no schema"), schemas.err());
    }

    @Test
    void withJsonAFailureIsAnObjectOnStdoutToo() throws Exception {
        ObjectMapper json = new ObjectMapper();
        CliRun failed = run("coordinates", "--clone", "root@127.0.0.1:1", "--json");
        assertEquals(1, failed.exit(), failed.err());
        JsonNode error = json.readTree(failed.out());
        assertEquals(1, error.get("exitCode").asInt());
        assertTrue(failed.err().contains(error.get("error").asText()), failed.err());

        CliRun usage = run("copy", "--from", "root@127.0.0.1:1", "--to", "root@127.0.0.1:2", "--threads", "0", "--json");
        assertEquals(2, usage.exit());
        assertEquals(2, json.readTree(usage.out()).get("exitCode").asInt());
        assertTrue(json.readTree(usage.out()).get("error").asText().contains("--threads"), usage.out());

        CliRun provision = run("provision", "--config", sandbox.root().resolve("missing.yaml").toString(), "--json");
        assertEquals(2, provision.exit());
        assertTrue(json.readTree(provision.out()).get("error").asText().contains("missing.yaml"), provision.out());
    }

    @Test
    void aPasswordFileOthersCanReadIsWarnedAbout() throws Exception {
        Path shared = passwordFile();
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));
        CliRun run = run("coordinates", "--clone", "dba@127.0.0.1:" + clone.port(), "--clone-password-file", shared.toString());
        assertTrue(run.err().contains("warning: the clone password file " + shared) && run.err().contains("chmod 600 " + shared),
            run.err());
        assertFalse(run.err().contains(PASSWORD));
        CliRun private600 = run("coordinates", "--clone", "dba@127.0.0.1:" + clone.port(), "--clone-password-file",
            passwordFile().toString());
        assertFalse(private600.err().contains("warning"), private600.err());
    }

    private static Path passwordFile() throws Exception {
        Path pw = Files.createTempFile(sandbox.root(), "pw", "");
        Files.writeString(pw, PASSWORD + "\n");
        return pw;
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }
}
