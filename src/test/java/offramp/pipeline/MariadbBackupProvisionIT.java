package offramp.pipeline;

import offramp.binlog.BinlogCoordinates;
import offramp.demo.WriteLoad;
import offramp.demo.WriteLoadWait;
import offramp.replication.Replica;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import offramp.server.Endpoint;
import offramp.server.Secret;
import offramp.testing.Poll;
import offramp.verify.TableChecksums;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * offramp provision through the mariadb-backup provider, from a source under write load: the replica ends
 * identical, the coordinates come from mariadb-backup and are proven on the source, and the source user's
 * password never reaches mariadb-backup's command line nor stays in the work directory.
 */
class MariadbBackupProvisionIT {

    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-mariadb-backup-it");

    /** A password the option file must quote and escape. */
    private static final String PASSWORD = "s3cr\"et #1 \\ 'x'";

    @Test
    void aReplicaProvisionedFromAMariadbBackupUnderWriteLoadEndsIdentical() throws Exception {
        LocalServer source = sandbox.startForTest("source", ServerOptions.defaults());
        LocalServer target = sandbox.startForTest("target", ServerOptions.defaults().withServerId(2));
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            WriteLoad.createSchema(c, 100);
            s.execute("CREATE USER 'bk'@'%' IDENTIFIED BY '" + PASSWORD.replace("\\", "\\\\").replace("'", "\\'") + "'");
            s.execute("GRANT ALL ON *.* TO 'bk'@'%'");
        }
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        Path passwordFile = passwordFile(work, PASSWORD);
        Path config = config(work, source, target, passwordFile);
        Endpoint loadEndpoint = new Endpoint("source", source.uri("bk"), new Secret(PASSWORD));
        try (WriteLoad load = new WriteLoad(loadEndpoint, 3, 7, 5)) {
            load.start();
            WriteLoadWait.committed(load, 100);
            Process run = provision(config, work);
            boolean passwordInArgv = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (run.isAlive() && System.nanoTime() < deadline) {
                // Every process on the machine, mariadb-backup's included, while the provision runs.
                passwordInArgv |= ProcessHandle.allProcesses().map(h -> h.info().arguments().map(a -> String.join(" ", a)).orElse(""))
                    .anyMatch(args -> args.contains("s3cr"));
                Thread.sleep(20);
            }
            assertTrue(run.waitFor(1, TimeUnit.SECONDS), "provision finished");
            String out = Files.readString(work.resolve("out.log"));
            assertEquals(0, run.exitValue(), out);
            assertFalse(passwordInArgv, "the password was on a command line");
            assertTrue(out.contains("mariadb-backup: the source's binlog position mariadb-backup read while commits were "
                + "blocked"), out);
            assertFalse(Files.exists(work.resolve("mariadb-backup.cnf")), "the credentials file is removed");
            assertFalse(out.contains("s3cr"), out);
            assertFalse(Files.readString(work.resolve("mariadb-backup.log")).contains("s3cr"));
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(work.resolve("mariadb-backup.log"))), "a work file like the others");
            assertFalse(Files.exists(work.resolve("clone-data")), "cleanup removed the copy");
            assertTrue(out.contains("cleanup: stopped the clone server (pid ")
                && out.contains("cleanup: removed " + work.resolve("clone-data") + " ("), "and says so: " + out);
            load.stop();
        }
        try (Connection s = source.connect(); Connection t = target.connect()) {
            BinlogCoordinates end = Replica.currentPosition(s);
            new Replica(t).awaitPosition(end, 120);
            assertEquals(TableChecksums.of(s, List.of(WriteLoad.SCHEMA)), TableChecksums.of(t, List.of(WriteLoad.SCHEMA)));
        }
    }

    @Test
    void killedWhileMariadbBackupRunsTheRerunEndsIdentical() throws Exception {
        LocalServer source = sandbox.startForTest("source", ServerOptions.defaults());
        LocalServer target = sandbox.startForTest("target", ServerOptions.defaults().withServerId(2));
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE bulk");
            s.execute("USE bulk");
            s.execute("CREATE TABLE bulk.rows (id INT PRIMARY KEY, v VARCHAR(200))");
            s.execute("INSERT INTO bulk.rows SELECT seq, REPEAT(MD5(seq), 5) FROM seq_1_to_400000"); // a backup of seconds
            s.execute("CREATE USER 'bk'@'%' IDENTIFIED BY 'x'");
            s.execute("GRANT ALL ON *.* TO 'bk'@'%'");
        }
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        Path passwordFile = passwordFile(work, "x");
        Path config = config(work, source, target, passwordFile);
        Process first = provision(config, work);
        ProcessHandle backup = Poll.closely("mariadb-backup --backup to run", Duration.ofSeconds(120),
            () -> first.toHandle().children().filter(h -> h.info().arguments()
                .map(a -> List.of(a).contains("--backup")).orElse(false)).findFirst(),
            found -> found.isPresent() || !first.isAlive()).orElse(null);
        assertTrue(backup != null, "mariadb-backup --backup ran: " + Files.readString(work.resolve("out.log")));
        first.destroyForcibly(); // SIGKILL to offramp's JVM while mariadb-backup copies
        // Held where it is (SIGSTOP), the orphan stands for one that is still copying when the rerun comes.
        new ProcessBuilder("kill", "-STOP", Long.toString(backup.pid())).start().waitFor();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        assertFalse(first.toHandle().isAlive(), "offramp is gone");
        assertTrue(backup.isAlive(), "the killed run's mariadb-backup outlives it");

        Process rerun = provision(config, work);
        assertTrue(rerun.waitFor(300, TimeUnit.SECONDS), "the rerun finishes");
        String out = Files.readString(work.resolve("out.log"));
        assertEquals(0, rerun.exitValue(), out);
        assertFalse(backup.isAlive(), "no mariadb-backup of the killed run is left");
        assertTrue(out.contains("stopped the mariadb-backup an interrupted run left writing into"), out);
        assertFalse(Files.exists(work.resolve("mariadb-backup.cnf")), "no option file with the password is left");
        try (Connection s = source.connect(); Connection t = target.connect()) {
            new Replica(t).awaitPosition(Replica.currentPosition(s), 120);
            assertEquals(TableChecksums.of(s, List.of("bulk")), TableChecksums.of(t, List.of("bulk")));
        }
    }

    /** The source user's password in a file only its owner reads, as offramp requires of password files. */
    private static Path passwordFile(Path work, String password) throws Exception {
        Path file = work.resolve("source-password");
        Files.writeString(file, password);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static Path config(Path work, LocalServer source, LocalServer target, Path passwordFile) throws Exception {
        Path config = work.resolve("offramp.yaml");
        Files.writeString(config, String.join("\n",
            "work-dir: " + work,
            "source: { uri: " + source.uri("bk") + ", password-file: " + passwordFile + " }",
            "snapshot: { provider: mariadb-backup }",
            "target: { uri: " + target.uri("root") + " }",
            "replication: { user: root, source-host: 127.0.0.1, writable: true, catch-up-timeout: 120 }",
            "copy: { threads: 2, chunk-mb: 1 }",
            ""));
        return config;
    }

    /** offramp provision in its own JVM, so that it can be killed as a DBA's kill -9 would. */
    private static Process provision(Path config, Path work) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-cp", System.getProperty("java.class.path"), "offramp.cli.Main", "provision", "--config",
            config.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("out.log").toFile())).start();
    }
}
