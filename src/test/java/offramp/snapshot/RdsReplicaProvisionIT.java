package offramp.snapshot;

import offramp.binlog.BinlogCoordinates;
import offramp.cli.CliRun;
import offramp.demo.WriteLoad;
import offramp.demo.WriteLoadWait;
import offramp.replication.Replica;
import offramp.replication.ReplicationStatus;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import offramp.verify.TableChecksums;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * offramp provision through the rds-replica provider. A local MariaDB replica stands in for the RDS read
 * replica, with mysql.rds_stop_replication and mysql.rds_start_replication as RDS defines them.
 */
class RdsReplicaProvisionIT {

    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-rds-replica-it");

    /** A read replica that is no replica is refused before anything is stopped, created or copied. */
    @Test
    void aReadReplicaThatDoesNotReplicateIsRefusedByPreflight() throws Exception {
        LocalServer source = sandbox.startForTest("source", ServerOptions.defaults());
        LocalServer notAReplica = sandbox.startForTest("not-a-replica", ServerOptions.defaults().withServerId(53));
        LocalServer target = sandbox.startForTest("target", ServerOptions.defaults().withServerId(54));
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        Path config = config(work, source, notAReplica, target, "");
        CliRun plan = CliRun.of("plan", "--config", config.toString());
        assertEquals(2, plan.exit(), plan.out() + plan.err());
        assertTrue(plan.out().contains("FAIL rds read replica: " + notAReplica.uri("root") + " is not a replica"), plan.out());
        CliRun run = CliRun.of("provision", "--config", config.toString());
        assertEquals(2, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("preflight failed, nothing was created or changed"), run.err());
        Path journal = work.resolve("journal.json");
        assertFalse(Files.exists(journal) && Files.readString(journal).contains("\"stopped\""), "nothing was stopped");
        assertFalse(Files.exists(work.resolve("copy")), "no copy was started");
    }

    @Test
    void provisionFromAStoppedReadReplicaEndsIdenticalAndTheReplicaRunsAgain() throws Exception {
        LocalServer source = sandbox.startForTest("source", ServerOptions.defaults());
        try (Connection c = source.connect()) {
            WriteLoad.createSchema(c, 100);
        }
        LocalServer readReplica = sandbox.startForTest("read-replica", ServerOptions.defaults().withServerId(51));
        try (Connection r = readReplica.connect(); Statement s = r.createStatement()) {
            s.execute("CREATE PROCEDURE mysql.rds_stop_replication() STOP SLAVE");
            s.execute("CREATE PROCEDURE mysql.rds_start_replication() START SLAVE");
            new Replica(r).start("127.0.0.1", source.port(), source.rootEndpoint("replication"),
                new BinlogCoordinates("mysql-bin-changelog.000001", 4));
        }
        LocalServer target = sandbox.startForTest("target", ServerOptions.defaults().withServerId(52));
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        Path config = config(work, source, readReplica, target, "copy: { schemas: [shop] }");
        try (WriteLoad load = new WriteLoad(source.rootEndpoint("source"), 3, 9, 5)) {
            load.start();
            WriteLoadWait.committed(load, 100);
            CliRun run = CliRun.of("provision", "--config", config.toString());
            assertEquals(0, run.exit(), run.out() + run.err());
            assertTrue(run.out().contains("reported: rds-replica"), run.out());
            assertTrue(run.out().contains("cleanup: started replication again on the read replica " + readReplica.uri("root")
                + " (CALL mysql.rds_start_replication)"), run.out());
            load.stop();
        }
        try (Connection s = source.connect(); Connection t = target.connect(); Connection r = readReplica.connect()) {
            var end = Replica.currentPosition(s);
            new Replica(t).awaitPosition(end, 120);
            new Replica(r).awaitPosition(end, 120);
            var expected = TableChecksums.of(s, List.of(WriteLoad.SCHEMA));
            assertEquals(expected, TableChecksums.of(t, List.of(WriteLoad.SCHEMA)));
            ReplicationStatus again = new Replica(r).replicationStatus();
            assertEquals("Yes", again.sqlRunning(), "rds_start_replication ran at cleanup");
            assertEquals(expected, TableChecksums.of(r, List.of(WriteLoad.SCHEMA)));
        }
    }

    /** A configuration that provisions {@code target} from {@code source} through {@code readReplica}; then {@code more}. */
    private static Path config(Path work, LocalServer source, LocalServer readReplica, LocalServer target, String more)
        throws Exception {
        Path config = work.resolve("offramp.yaml");
        Files.writeString(config, String.join("\n",
            "work-dir: " + work,
            "source: { uri: " + source.uri("root") + " }",
            "snapshot: { provider: rds-replica, rds-replica: { uri: " + readReplica.uri("root") + " } }",
            "target: { uri: " + target.uri("root") + " }",
            "replication: { user: root, source-host: 127.0.0.1, writable: true, catch-up-timeout: 120 }",
            more,
            ""));
        return config;
    }
}
