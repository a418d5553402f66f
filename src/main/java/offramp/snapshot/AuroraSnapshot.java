package offramp.snapshot;

import offramp.binlog.BinlogCoordinates;
import offramp.server.Endpoint;
import offramp.server.ServerUri;
import offramp.usage.BadUsage;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.Event;
import software.amazon.awssdk.services.rds.model.Parameter;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.SourceType;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.waiters.RdsWaiter;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code aurora} provider: snapshots the source cluster (or takes a given snapshot), restores it into a new
 * cluster with binlog on, adds a writer instance, and reads Aurora's own crash-recovery coordinates from the
 * writer's events. Everything it creates is tagged {@code offramp:run=<id>} and recorded before it is created,
 * so a rerun never makes a second snapshot or cluster and cleanup removes exactly what the run made.
 */
public final class AuroraSnapshot implements SnapshotProvider {

    private static final Pattern CRASH_RECOVERY = Pattern.compile("Binlog position from crash recovery is (\\S+) (\\d+)");
    private static final String TAG = "offramp:run";

    /**
     * @param cluster       the source cluster's identifier
     * @param instanceClass the clone writer's class, e.g. db.r6g.large
     * @param snapshotId    an existing cluster snapshot to restore instead of taking one; null to take one
     * @param keepClone     leave the clone (and what was made for it) in place at cleanup
     * @param pollEvery     how often waiters poll
     * @param maxWait       how long a waiter waits
     */
    public record Settings(String cluster, String instanceClass, String snapshotId, boolean keepClone,
                           Duration pollEvery, Duration maxWait) {
    }

    private final RdsClient rds;
    private final RdsWaiter waiter;
    private final Settings settings;
    private final Endpoint source;

    /** Takes {@code rds} over: {@link #close} closes it. */
    public AuroraSnapshot(RdsClient rds, Settings settings, Endpoint source) {
        this.rds = rds;
        this.settings = settings;
        this.source = source;
        int attempts = (int) Math.max(1, settings.maxWait().toMillis() / Math.max(1, settings.pollEvery().toMillis()));
        this.waiter = RdsWaiter.builder().client(rds).overrideConfiguration(WaiterOverrideConfiguration.builder()
            .maxAttempts(attempts).backoffStrategy(FixedDelayBackoffStrategy.create(settings.pollEvery())).build()).build();
    }

    @Override
    public String name() {
        return "aurora";
    }

    /** The clone is reached as the source's user (a copy of the source has its accounts). */
    @Override
    public boolean readsCloneAsSourceUser() {
        return true;
    }

    @Override
    public String describe() {
        return (settings.snapshotId() != null ? "restore snapshot " + settings.snapshotId() : "snapshot cluster " + settings.cluster())
            + " into a new cluster with binlog on, add a " + settings.instanceClass() + " writer, tag all with " + TAG
            + (settings.keepClone() ? "; keep the clone afterwards" : "; delete them all at the end");
    }

    @Override
    public List<ProviderCheck> preflight() {
        List<ProviderCheck> checks = new ArrayList<>();
        DBCluster cluster = describeCluster(settings.cluster()).orElse(null);
        if (cluster == null) {
            checks.add(new ProviderCheck("aurora cluster", false, "no cluster " + settings.cluster(),
                "check snapshot.aurora.cluster and region, and that the credentials may call rds:DescribeDBClusters"));
            return checks;
        }
        checks.add(new ProviderCheck("aurora cluster", true, cluster.engine() + " " + cluster.engineVersion(), null));
        Map<String, String> params = parameters(cluster.dbClusterParameterGroup(), "binlog_format", "aurora_enhanced_binlog");
        String format = params.getOrDefault("binlog_format", "OFF");
        checks.add("OFF".equalsIgnoreCase(format)
            ? new ProviderCheck("binlog_format", false, "OFF in " + cluster.dbClusterParameterGroup(),
                "set binlog_format = MIXED (or ROW) in a custom cluster parameter group and reboot the writer")
            : new ProviderCheck("binlog_format", true, format + " in " + cluster.dbClusterParameterGroup(), null));
        checks.add("1".equals(params.get("aurora_enhanced_binlog"))
            ? new ProviderCheck("enhanced binlog", false, "aurora_enhanced_binlog = 1: binlog files are not carried into "
                + "restores, so a clone has no history to find coordinates in", "set aurora_enhanced_binlog = 0 (and reboot) before the snapshot")
            : new ProviderCheck("enhanced binlog", true, "off", null));
        return checks;
    }

    @Override
    public Clone create(StateLog log) {
        String run = log.get("run-id");
        if (run == null) {
            run = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())
                + "-" + UUID.randomUUID().toString().substring(0, 6);
            log.put("run-id", run);
        }
        Tag tag = Tag.builder().key(TAG).value(run).build();
        DBCluster sourceCluster = describeCluster(settings.cluster()).orElseThrow(() ->
            new BadUsage("no Aurora cluster " + settings.cluster() + " (snapshot.aurora.cluster)"));

        String snapshot = settings.snapshotId();
        if (snapshot == null) {
            snapshot = recordThenCreate(log, "created-snapshot", "offramp-" + run, this::snapshotExists,
                id -> rds.createDBClusterSnapshot(b -> b.dbClusterSnapshotIdentifier(id)
                    .dbClusterIdentifier(settings.cluster()).tags(tag)));
        }
        String snapshotId = snapshot;
        waiter.waitUntilDBClusterSnapshotAvailable(b -> b.dbClusterSnapshotIdentifier(snapshotId));

        String parameterGroup = parameterGroupWithBinlog(sourceCluster, log, run, tag);
        String clusterId = recordThenCreate(log, "created-cluster", "offramp-" + run, id -> describeCluster(id).isPresent(),
            id -> rds.restoreDBClusterFromSnapshot(b -> b.dbClusterIdentifier(id).snapshotIdentifier(snapshotId)
                .engine(sourceCluster.engine()).engineVersion(sourceCluster.engineVersion())
                .dbSubnetGroupName(sourceCluster.dbSubnetGroup())
                .vpcSecurityGroupIds(sourceCluster.vpcSecurityGroups().stream().map(g -> g.vpcSecurityGroupId()).toList())
                .dbClusterParameterGroupName(parameterGroup).tags(tag)));
        waiter.waitUntilDBClusterAvailable(b -> b.dbClusterIdentifier(clusterId));

        if (log.get("writer-created-at") == null) {
            log.put("writer-created-at", Instant.now().minusSeconds(60).toString());
        }
        String writer = recordThenCreate(log, "created-instance", "offramp-" + run + "-writer", this::instanceExists,
            id -> rds.createDBInstance(b -> b.dbInstanceIdentifier(id).dbClusterIdentifier(clusterId)
                .engine(sourceCluster.engine()).dbInstanceClass(settings.instanceClass()).tags(tag)));
        waiter.waitUntilDBInstanceAvailable(b -> b.dbInstanceIdentifier(writer));
        if (pendingReboot(clusterId)) {
            rds.rebootDBInstance(b -> b.dbInstanceIdentifier(writer));
            waiter.waitUntilDBInstanceAvailable(b -> b.dbInstanceIdentifier(writer));
        }
        DBCluster clone = describeCluster(clusterId).orElseThrow();
        log.put("endpoint", clone.endpoint() + ":" + clone.port());
        return new Clone(endpoint(log.get("endpoint")), log.all());
    }

    @Override
    public Clone resume(Map<String, String> state) {
        return new Clone(endpoint(state.get("endpoint")), state);
    }

    @Override
    public BinlogCoordinates reportedCoordinates(Map<String, String> state) {
        String writer = state.get("created-instance");
        if (writer == null) {
            return null;
        }
        Instant since = Instant.parse(state.get("writer-created-at"));
        BinlogCoordinates last = null;
        for (Event event : rds.describeEventsPaginator(b -> b.sourceType(SourceType.DB_INSTANCE)
            .sourceIdentifier(writer).startTime(since)).events()) {
            Matcher m = CRASH_RECOVERY.matcher(event.message());
            if (m.find()) {
                last = new BinlogCoordinates(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        return last;
    }

    @Override
    public boolean keepsClone() {
        return settings.keepClone();
    }

    @Override
    public SourcePause sourcePause(Map<String, String> state) {
        return SourcePause.notStopped("not stopped: Aurora cloned the cluster from its storage");
    }

    /**
     * Deletes what the run made, in the order AWS allows (the writer before its cluster), and says each by id:
     * deleted, already gone, or left behind with the AWS CLI command that deletes it.
     */
    @Override
    public Removal cleanup(Map<String, String> state) {
        Removal.Tally tally = new Removal.Tally();
        delete(tally, "the clone's writer instance", state.get("created-instance"), id -> {
            rds.deleteDBInstance(b -> b.dbInstanceIdentifier(id).skipFinalSnapshot(true));
            waiter.waitUntilDBInstanceDeleted(b -> b.dbInstanceIdentifier(id));
        }, "aws rds delete-db-instance --skip-final-snapshot --db-instance-identifier ");
        delete(tally, "the clone cluster", state.get("created-cluster"), id -> {
            rds.deleteDBCluster(b -> b.dbClusterIdentifier(id).skipFinalSnapshot(true));
            waiter.waitUntilDBClusterDeleted(b -> b.dbClusterIdentifier(id));
        }, "aws rds delete-db-cluster --skip-final-snapshot --db-cluster-identifier ");
        delete(tally, "the cluster snapshot", state.get("created-snapshot"),
            id -> rds.deleteDBClusterSnapshot(b -> b.dbClusterSnapshotIdentifier(id)),
            "aws rds delete-db-cluster-snapshot --db-cluster-snapshot-identifier ");
        delete(tally, "the cluster parameter group", state.get("created-parameter-group"),
            id -> rds.deleteDBClusterParameterGroup(b -> b.dbClusterParameterGroupName(id)),
            "aws rds delete-db-cluster-parameter-group --db-cluster-parameter-group-name ");
        return tally.removal("the run made no snapshot, cluster or instance");
    }

    /** Deletes one resource the run recorded (none when {@code id} is null) and tallies what came of it. */
    private static void delete(Removal.Tally tally, String what, String id, Consumer<String> delete, String command) {
        if (id == null) {
            return;
        }
        try {
            delete.accept(id);
            tally.done("deleted " + what + " " + id);
        } catch (RdsException e) {
            if (isMissing(e)) {
                tally.done(what + " " + id + " does not exist (never made, or deleted already)");
            } else {
                tally.left(what + " " + id, e, command + id);
            }
        } catch (SdkException e) {
            tally.left(what + " " + id, e, command + id);
        }
    }

    /** The source's parameter group when it has binlog on, else one made for this run in its family. */
    private String parameterGroupWithBinlog(DBCluster sourceCluster, StateLog log, String run, Tag tag) {
        String group = sourceCluster.dbClusterParameterGroup();
        if (!"OFF".equalsIgnoreCase(parameters(group, "binlog_format").getOrDefault("binlog_format", "OFF"))) {
            return group;
        }
        String family = rds.describeDBClusterParameterGroups(b -> b.dbClusterParameterGroupName(group))
            .dbClusterParameterGroups().get(0).dbParameterGroupFamily();
        return recordThenCreate(log, "created-parameter-group", "offramp-" + run, id -> false, id -> {
            rds.createDBClusterParameterGroup(b -> b.dbClusterParameterGroupName(id).dbParameterGroupFamily(family)
                .description("offramp clone with binlog on").tags(tag));
            rds.modifyDBClusterParameterGroup(b -> b.dbClusterParameterGroupName(id).parameters(Parameter.builder()
                .parameterName("binlog_format").parameterValue("MIXED").applyMethod("pending-reboot").build()));
        });
    }

    /**
     * Records the name of a resource before creating it, so that a kill between the call and the record can
     * neither leave it unknown (to cleanup) nor make a rerun create a second one.
     */
    private static String recordThenCreate(StateLog log, String key, String name, Predicate<String> exists,
                                           Consumer<String> create) {
        String recorded = log.get(key);
        if (recorded != null && exists.test(recorded)) {
            return recorded;
        }
        String id = recorded != null ? recorded : name;
        log.put(key, id);
        create.accept(id);
        return id;
    }

    private Map<String, String> parameters(String group, String... names) {
        Map<String, String> values = new HashMap<>();
        List<String> wanted = List.of(names);
        for (Parameter p : rds.describeDBClusterParametersPaginator(b -> b.dbClusterParameterGroupName(group)).parameters()) {
            if (wanted.contains(p.parameterName()) && p.parameterValue() != null) {
                values.put(p.parameterName(), p.parameterValue());
            }
        }
        return values;
    }

    private boolean pendingReboot(String clusterId) {
        return describeCluster(clusterId).map(c -> c.dbClusterMembers().stream()
            .map(DBClusterMember::dbClusterParameterGroupStatus).anyMatch("pending-reboot"::equals)).orElse(false);
    }

    private Optional<DBCluster> describeCluster(String id) {
        try {
            return rds.describeDBClusters(b -> b.dbClusterIdentifier(id)).dbClusters().stream().findFirst();
        } catch (RdsException e) {
            if (e.statusCode() == 404 || "DBClusterNotFoundFault".equals(code(e))) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private boolean snapshotExists(String id) {
        try {
            return !rds.describeDBClusterSnapshots(b -> b.dbClusterSnapshotIdentifier(id)).dbClusterSnapshots().isEmpty();
        } catch (RdsException e) {
            if (e.statusCode() == 404 || "DBClusterSnapshotNotFoundFault".equals(code(e))) {
                return false;
            }
            throw e;
        }
    }

    private boolean instanceExists(String id) {
        try {
            return !rds.describeDBInstances(b -> b.dbInstanceIdentifier(id)).dbInstances().isEmpty();
        } catch (RdsException e) {
            if (e.statusCode() == 404 || "DBInstanceNotFound".equals(code(e))) {
                return false;
            }
            throw e;
        }
    }

    private static String code(RdsException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static boolean isMissing(RdsException e) {
        String code = code(e);
        return code != null && (code.endsWith("NotFound") || code.endsWith("NotFoundFault"));
    }

    /** Closes the waiter and the RDS client; the clone stays. */
    @Override
    public void close() {
        try (RdsClient client = rds) {
            waiter.close();
        }
    }

    /** The clone answers with the source's users: it was restored from the source's snapshot. */
    private Endpoint endpoint(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return source.with("clone", new ServerUri(source.uri().user(), hostPort.substring(0, colon),
            Integer.parseInt(hostPort.substring(colon + 1))));
    }
}
