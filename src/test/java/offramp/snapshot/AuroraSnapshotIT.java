package offramp.snapshot;

import offramp.binlog.BinlogCoordinates;
import offramp.server.Endpoint;
import offramp.server.Secret;
import offramp.server.ServerUri;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The aurora provider with the real AWS SDK against a local stub of the RDS Query API. */
class AuroraSnapshotIT {

    private RdsStub stub;
    private RdsClient rds;

    @BeforeEach
    void stub() throws Exception {
        stub = new RdsStub();
        rds = RdsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
            .endpointOverride(URI.create(stub.endpoint())).build();
    }

    @AfterEach
    void close() {
        rds.close();
        stub.close();
    }

    private AuroraSnapshot provider(boolean keepClone) {
        Endpoint source = new Endpoint("source", ServerUri.parse("admin@prod.cluster-abc.us-east-1.rds.amazonaws.com:3306"), new Secret("pw"));
        return new AuroraSnapshot(rds, new AuroraSnapshot.Settings("prod", "db.r6g.large", null, keepClone,
            Duration.ofMillis(20), Duration.ofSeconds(10)), source);
    }

    @Test
    void snapshotRestoreAndWriterInOrderWithTheirParameters() {
        MapLog log = new MapLog();
        Clone clone = provider(false).create(log);

        List<String> creates = stub.actions().stream().filter(a -> a.startsWith("Create") || a.startsWith("Restore")).toList();
        assertEquals(List.of("CreateDBClusterSnapshot", "RestoreDBClusterFromSnapshot", "CreateDBInstance"), creates);
        assertTrue(stub.count("DescribeDBClusterSnapshots") >= 2, "the snapshot waiter polled until available");
        assertTrue(stub.count("DescribeDBInstances") >= 2, "the instance waiter polled until available");
        Map<String, String> restore = call("RestoreDBClusterFromSnapshot");
        assertEquals(log.get("created-snapshot"), restore.get("SnapshotIdentifier"));
        assertEquals("aurora-mysql", restore.get("Engine"));
        assertEquals("8.0.mysql_aurora.3.05.2", restore.get("EngineVersion"));
        assertEquals("prod-subnets", restore.get("DBSubnetGroupName"));
        assertTrue(restore.entrySet().stream().anyMatch(e -> e.getKey().startsWith("VpcSecurityGroupIds.")
            && e.getValue().equals("sg-0abc")), "the source's security groups: " + restore);
        assertEquals("prod-params", restore.get("DBClusterParameterGroupName"), "the source's group: it has binlog on");
        assertTrue(restore.containsValue("offramp:run"), "tagged: " + restore);
        assertEquals("db.r6g.large", call("CreateDBInstance").get("DBInstanceClass"));
        assertEquals(log.get("created-cluster"), call("CreateDBInstance").get("DBClusterIdentifier"));
        assertEquals("clone.cluster-xyz.us-east-1.rds.amazonaws.com", clone.endpoint().uri().host());
        assertEquals("admin", clone.endpoint().uri().user());
    }

    @Test
    void throttlingIsRetried() {
        stub.fail("CreateDBClusterSnapshot", 400, "Throttling");
        provider(false).create(new MapLog());
        assertEquals(2, stub.count("CreateDBClusterSnapshot"));
        assertEquals(1, stub.count("RestoreDBClusterFromSnapshot"));
    }

    @Test
    void aRerunAfterAFailureMakesNoSecondSnapshotOrCluster() {
        MapLog log = new MapLog();
        stub.fail("CreateDBInstance", 400, "InsufficientDBInstanceCapacity");
        assertThrows(Exception.class, () -> provider(false).create(log));
        provider(false).create(log);
        assertEquals(1, stub.count("CreateDBClusterSnapshot"));
        assertEquals(1, stub.count("RestoreDBClusterFromSnapshot"));
        assertEquals(2, stub.count("CreateDBInstance"));
    }

    @Test
    void cleanupAfterAFailureMidwayDeletesOnlyWhatTheRunMade() {
        MapLog log = new MapLog();
        stub.fail("CreateDBInstance", 400, "InsufficientDBInstanceCapacity");
        assertThrows(Exception.class, () -> provider(false).create(log));
        Removal removal = provider(false).cleanup(log.all());
        assertEquals(List.of("the clone's writer instance " + log.get("created-instance")
                + " does not exist (never made, or deleted already)", "deleted the clone cluster " + log.get("created-cluster"),
            "deleted the cluster snapshot " + log.get("created-snapshot")), removal.done(), "one line per deletion, by id");
        assertTrue(removal.complete(), removal.toString());
        assertEquals(log.get("created-cluster"), call("DeleteDBCluster").get("DBClusterIdentifier"));
        assertEquals("true", call("DeleteDBCluster").get("SkipFinalSnapshot"));
        assertEquals(log.get("created-snapshot"), call("DeleteDBClusterSnapshot").get("DBClusterSnapshotIdentifier"));
        assertTrue(stub.calls().stream().noneMatch(c -> "prod".equals(c.get("DBClusterIdentifier"))
            && c.get("Action").startsWith("Delete")), "the source cluster is never deleted");
    }

    /** What cleanup could not delete is named with the command that deletes it; what was gone already is said so. */
    @Test
    void cleanupSaysWhatItCouldNotDeleteAndHow() {
        MapLog log = new MapLog();
        provider(false).create(log);
        String instance = log.get("created-instance");
        String cluster = log.get("created-cluster");
        String snapshot = log.get("created-snapshot");
        stub.fail("DeleteDBCluster", 400, "InvalidDBClusterStateFault");
        stub.fail("DeleteDBClusterSnapshot", 404, "DBClusterSnapshotNotFoundFault");
        Removal removal = provider(false).cleanup(log.all());
        assertEquals(List.of("deleted the clone's writer instance " + instance,
            "the cluster snapshot " + snapshot + " does not exist (never made, or deleted already)"), removal.done());
        assertEquals(1, removal.leftBehind().size(), removal.toString());
        String left = removal.leftBehind().get(0);
        assertTrue(left.startsWith("could not remove the clone cluster " + cluster + ": "), left);
        assertTrue(left.endsWith("remove it by hand: aws rds delete-db-cluster --skip-final-snapshot --db-cluster-identifier "
            + cluster), left);
        assertFalse(removal.complete());
    }

    @Test
    void cleanupOfARunThatMadeNothingSaysSo() {
        assertEquals(List.of("nothing to remove: the run made no snapshot, cluster or instance"),
            provider(false).cleanup(Map.of()).lines());
        assertEquals(0, stub.calls().size(), "no call to AWS");
    }

    @Test
    void keepCloneIsTheConfigurations() {
        assertTrue(provider(true).keepsClone());
        assertFalse(provider(false).keepsClone());
    }

    @Test
    void crashRecoveryCoordinatesComeFromTheWritersEvents() {
        MapLog log = new MapLog();
        provider(false).create(log);
        stub.event("DB instance restarted");
        stub.event("Binlog position from crash recovery is mysql-bin-changelog.000003 4278");
        assertEquals(new BinlogCoordinates("mysql-bin-changelog.000003", 4278), provider(false).reportedCoordinates(log.all()));
        assertEquals(log.get("created-instance"), call("DescribeEvents").get("SourceIdentifier"));
        assertEquals("db-instance", call("DescribeEvents").get("SourceType"));
    }

    @Test
    void preflightRefusesEnhancedBinlogAndBinlogOff() throws Exception {
        stub.parameter("aurora_enhanced_binlog", "1");
        stub.parameter("binlog_format", "OFF");
        List<ProviderCheck> checks = provider(false).preflight();
        assertTrue(checks.stream().anyMatch(c -> !c.passed() && c.name().equals("enhanced binlog")), checks.toString());
        assertTrue(checks.stream().anyMatch(c -> !c.passed() && c.name().equals("binlog_format")), checks.toString());
        assertTrue(stub.actions().stream().noneMatch(a -> a.startsWith("Create")), "preflight creates nothing");
    }

    private Map<String, String> call(String action) {
        return stub.calls().stream().filter(c -> action.equals(c.get("Action"))).reduce((a, b) -> b).orElseThrow();
    }
}
