package offramp.pipeline;

import offramp.cli.CliRun;
import offramp.sandbox.LocalProvisionConfig;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * provision with the local provider from a source whose root has a password: the clone, a copy of the source with
 * its accounts, is reached with the source's credentials, here from the DBA's option file.
 */
class PasswordedSourceIT {

    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-passworded-it");

    @Test
    void theCloneOfASourceWhoseRootHasAPasswordIsReachedWithTheSourcesPassword() throws Exception {
        LocalServer source = sandbox.startServer("source", ServerOptions.defaults().withServerId(41));
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(42));
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE app");
            s.execute("CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(20))");
            s.execute("INSERT INTO app.t VALUES (1, 'one'), (2, 'two')");
            List<String> hosts = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT host FROM mysql.user WHERE user = 'root'")) {
                while (rs.next()) {
                    hosts.add(rs.getString(1));
                }
            }
            for (String host : hosts) {
                s.execute("ALTER USER 'root'@'" + host + "' IDENTIFIED BY 'r00t pw'");
            }
        }
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        Path cnf = Files.writeString(work.resolve("dba.cnf"), "[client]\npassword = \"r00t pw\"\n");
        Path config = Files.writeString(work.resolve("offramp.yaml"), String.join("\n",
            LocalProvisionConfig.head(work.resolve("w"), source, target, ", password-file: empty.pw"),
            "replication: { user: root, password-file: repl.pw, source-host: 127.0.0.1, writable: true, catch-up-timeout: 60 }",
            ""));
        Files.writeString(work.resolve("empty.pw"), "");
        Files.writeString(work.resolve("repl.pw"), "r00t pw");
        long started = System.nanoTime();
        CliRun run = CliRun.of("provision", "--defaults-extra-file", cnf.toString(), "--config", config.toString());
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("source " + source.uri("root") + ": password from the option file " + cnf), run.err());
        assertTrue(seconds < 80, "took " + seconds + " s");
        try (Connection t = target.connect(); Statement s = t.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM app.t")) {
            rs.next();
            assertEquals(2, rs.getInt(1));
        }
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + source.port() + "/", "root", "r00t pw");
             Statement s = c.createStatement()) {
            s.execute("ALTER USER 'root'@'localhost' IDENTIFIED BY ''"); // so that the sandbox can stop it as usual
        } catch (Exception ignored) {
            // the sandbox stops it by its process anyway
        }
    }
}
