package offramp.snapshot;

import offramp.binlog.BinlogCoordinates;
import offramp.cli.CliRun;
import offramp.coordinates.CoordinatesFinder;
import offramp.demo.WriteLoad;
import offramp.demo.WriteLoadWait;
import offramp.replication.Replica;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import offramp.verify.TableChecksums;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * offramp provision through the aurora provider: the real AWS SDK talks to a stub of the RDS API whose restored
 * cluster answers at a local MariaDB clone (a crash-consistent snapshot of a source under write load), and whose
 * crash-recovery event names the clone's true position, or a wrong one.
 */
class AuroraProvisionIT {

    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-aurora-it");
    private static LocalServer source;

    @BeforeAll
    static void source() throws Exception {
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "secret");
        source = sandbox.startServer("source", ServerOptions.defaults());
        try (Connection c = source.connect()) {
            WriteLoad.createSchema(c, 100);
        }
    }

    @Test
    void provisionThroughAuroraEndsInACaughtUpIdenticalReplica() throws Exception {
        try (RdsStub stub = new RdsStub(); WriteLoad load = new WriteLoad(source.rootEndpoint("source"), 3, 5, 5)) {
            load.start();
            WriteLoadWait.committed(load, 100);
            LocalServer clone = cloneUnderLoad(stub, null);
            LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(41));
            Path work = Files.createTempDirectory(sandbox.root(), "work");
            CliRun run = CliRun.of("provision", "--config", config(work, stub, target).toString());
            assertEquals(0, run.exit(), run.out() + run.err());
            assertTrue(run.out().contains("provider: aurora reports"), run.out());
            assertTrue(stub.count("DeleteDBCluster") == 1 && stub.count("DeleteDBClusterSnapshot") == 1, stub.actions().toString());
            load.stop();
            try (Connection s = source.connect(); Connection t = target.connect()) {
                new Replica(t).awaitPosition(Replica.currentPosition(s), 120);
                assertEquals(TableChecksums.of(s, List.of(WriteLoad.SCHEMA)), TableChecksums.of(t, List.of(WriteLoad.SCHEMA)));
            }
            sandbox.discard(clone);
        }
    }

    @Test
    void aCloneWithTheSourcesServerIdIsReadWithTheFileTheEventNames() throws Exception {
        try (RdsStub stub = new RdsStub()) {
            LocalServer clone = cloneUnderLoad(stub, null, 1);
            LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(44));
            Path work = Files.createTempDirectory(sandbox.root(), "work");
            CliRun run = CliRun.of("provision", "--config", config(work, stub, target).toString());
            assertEquals(0, run.exit(), run.out() + run.err());
            assertTrue(run.out().contains("runs with the source's server id"), run.out());
            sandbox.discard(clone);
        }
    }

    @Test
    void keepCloneLeavesTheCloneAndItsSnapshotAfterSuccess() throws Exception {
        try (RdsStub stub = new RdsStub()) {
            LocalServer clone = cloneUnderLoad(stub, null);
            LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(45));
            Path work = Files.createTempDirectory(sandbox.root(), "work");
            CliRun run = CliRun.of("provision", "--config", config(work, stub, target, true).toString());
            assertEquals(0, run.exit(), run.out() + run.err());
            assertTrue(stub.actions().stream().noneMatch(a -> a.startsWith("Delete")), stub.actions().toString());
            assertTrue(run.out().contains("cleanup: the clone stays in place (keep-clone)"), run.out());
            sandbox.discard(clone);
        }
    }

    @Test
    void aCrashRecoveryEventThatDisagreesExits3() throws Exception {
        try (RdsStub stub = new RdsStub()) {
            LocalServer clone = cloneUnderLoad(stub, 4L);
            LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(42));
            Path work = Files.createTempDirectory(sandbox.root(), "work");
            CliRun run = CliRun.of("provision", "--config", config(work, stub, target).toString());
            assertEquals(3, run.exit(), run.out() + run.err());
            assertTrue(run.err().contains("reports") && run.err().contains(":4 for the clone"), run.err());
            assertTrue(stub.count("DeleteDBCluster") == 1, "cleanup ran after the failure: " + stub.actions());
            String deleted = stub.calls().stream().filter(c -> "DeleteDBCluster".equals(c.get("Action"))).findFirst()
                .orElseThrow().get("DBClusterIdentifier");
            assertTrue(run.out().contains("cleanup: deleted the clone cluster " + deleted), "said by id: " + run.out());

            // Once AWS reports the true position, the same command takes a new snapshot and finishes.
            BinlogCoordinates truth = new CoordinatesFinder(clone.rootEndpoint("clone")).find(Optional.empty()).coordinates();
            stub.event("Binlog position from crash recovery is " + truth.file() + " " + truth.position());
            CliRun rerun = CliRun.of("provision", "--config", work.resolve("offramp.yaml").toString());
            assertEquals(0, rerun.exit(), rerun.out() + rerun.err());
            assertEquals(2, stub.count("CreateDBClusterSnapshot"), "a new snapshot for the new attempt");
            sandbox.discard(clone);
        }
    }

    @Test
    void preflightReportsRetentionAndAHostNamedGrantAndCanRaiseRetention() throws Exception {
        LocalServer aurora = sandbox.startServer("aurora-like", ServerOptions.defaults().withServerId(60));
        try (Connection c = aurora.connect(); Statement s = c.createStatement()) {
            // Aurora's configuration procedures, as RDS defines them, over a table of their own.
            s.execute("CREATE TABLE mysql.rds_config (name VARCHAR(64) PRIMARY KEY, value VARCHAR(64))");
            s.execute("INSERT INTO mysql.rds_config VALUES ('binlog retention hours', NULL)");
            s.execute("CREATE PROCEDURE mysql.rds_show_configuration() SELECT name, value FROM mysql.rds_config");
            s.execute("CREATE PROCEDURE mysql.rds_set_configuration(IN n VARCHAR(64), IN v INT) "
                + "UPDATE mysql.rds_config SET value = v WHERE name = n");
            s.execute("CREATE USER 'repl'@'replica.example.com' IDENTIFIED BY 'x'");
            s.execute("GRANT REPLICATION SLAVE ON *.* TO 'repl'@'replica.example.com'");
        }
        try (RdsStub stub = new RdsStub()) {
            LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(43));
            Path work = Files.createTempDirectory(sandbox.root(), "work");
            Path config = work.resolve("offramp.yaml");
            Files.writeString(config, String.join("\n",
                "work-dir: " + work,
                "source: { uri: " + aurora.uri("root") + " }",
                "snapshot: { provider: aurora, aurora: { region: us-east-1, cluster: prod, endpoint: '" + stub.endpoint()
                    + "', set-retention-hours: 168 } }",
                "target: { uri: " + target.uri("root") + " }",
                "replication: { user: repl }",
                ""));
            CliRun plan = CliRun.of("plan", "--config", config.toString());
            assertEquals(2, plan.exit(), plan.out() + plan.err());
            assertTrue(plan.out().contains("FAIL binlog retention: not set")
                && plan.out().contains("CALL mysql.rds_set_configuration('binlog retention hours', 168)"), plan.out());
            assertTrue(plan.out().contains("FAIL replication user") && plan.out().contains("skip_name_resolve"), plan.out());
            CliRun provision = CliRun.of("provision", "--config", config.toString());
            assertEquals(2, provision.exit(), "still refused for the host-named grant: " + provision.out());
            assertTrue(provision.out().contains("PASS binlog retention raised"), provision.out());
            try (Connection c = aurora.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT value FROM mysql.rds_config")) {
                rs.next();
                assertEquals("168", rs.getString(1));
            }
            assertTrue(stub.actions().stream().noneMatch(a -> a.startsWith("Create")), "nothing created: " + stub.actions());
        }
        sandbox.discard(aurora);
    }

    /**
     * A crash-consistent clone of the source, announced by the stub as the restored cluster's endpoint, with a
     * crash-recovery event at its true position, or at {@code wrongPosition}.
     */
    private static LocalServer cloneUnderLoad(RdsStub stub, Long wrongPosition) throws Exception {
        return cloneUnderLoad(stub, wrongPosition, 77);
    }

    private static LocalServer cloneUnderLoad(RdsStub stub, Long wrongPosition, long serverId) throws Exception {
        LocalServer clone = sandbox.startClone(sandbox.snapshot(source, "snapshot"), ServerOptions.defaults().withServerId(serverId));
        String history = serverId == 1 ? "mysql-bin-changelog.000001" : null;
        BinlogCoordinates truth = new CoordinatesFinder(clone.rootEndpoint("clone")).find(Optional.ofNullable(history)).coordinates();
        stub.cloneAt("127.0.0.1", clone.port());
        stub.event("Binlog position from crash recovery is " + truth.file() + " "
            + (wrongPosition == null ? truth.position() : wrongPosition));
        return clone;
    }

    private static Path config(Path work, RdsStub stub, LocalServer target) throws Exception {
        return config(work, stub, target, false);
    }

    private static Path config(Path work, RdsStub stub, LocalServer target, boolean keepClone) throws Exception {
        Path config = work.resolve("offramp.yaml");
        Files.writeString(config, String.join("\n",
            "work-dir: " + work,
            "source: { uri: " + source.uri("root") + " }",
            "snapshot:",
            "  provider: aurora",
            "  aurora: { region: us-east-1, cluster: prod, instance-class: db.r6g.large, endpoint: '" + stub.endpoint()
                + "', poll-seconds: 0.02, max-wait-minutes: 1, keep-clone: " + keepClone + " }",
            "target: { uri: " + target.uri("root") + " }",
            "replication: { user: root, source-host: 127.0.0.1, writable: true, catch-up-timeout: 120 }",
            ""));
        return config;
    }
}
