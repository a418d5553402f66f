package offramp.pipeline;

import offramp.server.Endpoint;
import offramp.snapshot.AuroraSnapshot;
import offramp.snapshot.GivenClone;
import offramp.snapshot.LocalSnapshot;
import offramp.snapshot.MariadbBackupSnapshot;
import offramp.snapshot.RdsReplicaSnapshot;
import offramp.snapshot.SnapshotProvider;
import offramp.usage.BadUsage;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** The one place snapshot providers are made from the configuration; the caller closes what it gets. */
final class Providers {

    private static final String DEFAULT_INSTANCE_CLASS = "db.r6g.large";
    private static final double DEFAULT_POLL_SECONDS = 30;
    private static final int DEFAULT_MAX_WAIT_MINUTES = 120;

    private Providers() {
    }

    static SnapshotProvider create(Config.Snapshot snapshot, Path configFile, Endpoint source, Path workDir) {
        return switch (snapshot.provider()) {
            case "clone" -> new GivenClone(ConfigLoader.endpoint("clone", snapshot.cloneServer(), configFile));
            case "local" -> {
                Config.Local l = snapshot.local();
                yield new LocalSnapshot(source, l.datadir() == null ? null : ConfigLoader.resolve(configFile, l.datadir()),
                    l.pidFile() == null ? null : ConfigLoader.resolve(configFile, l.pidFile()), l.command(), l.serverId(), workDir,
                    l.maxFreezeSeconds() == null ? LocalSnapshot.DEFAULT_MAX_FREEZE : Duration.ofSeconds(l.maxFreezeSeconds()));
            }
            case "aurora" -> aurora(snapshot.aurora(), source);
            case "rds-replica" -> new RdsReplicaSnapshot(ConfigLoader.endpoint("clone", snapshot.rdsReplica(), configFile));
            case "mariadb-backup" -> new MariadbBackupSnapshot(source, workDir,
                snapshot.mariadbBackup() == null ? null : snapshot.mariadbBackup().serverId());
            default -> throw new BadUsage("key 'snapshot.provider': the " + snapshot.provider()
                + " provider is not part of this version of offramp; use aurora, rds-replica, clone (restore the snapshot "
                + "yourself and give its endpoint), local or mariadb-backup");
        };
    }

    /** The aurora provider, with an RDS client of its own that it closes. */
    private static SnapshotProvider aurora(Config.Aurora a, Endpoint source) {
        var builder = RdsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
        if (a.region() != null) {
            builder.region(BadUsage.parsing(() -> Region.of(a.region())));
        }
        if (a.endpoint() != null) {
            builder.endpointOverride(BadUsage.parsing(() -> URI.create(a.endpoint())));
        }
        Duration poll = Duration.ofMillis((long) ((a.pollSeconds() == null ? DEFAULT_POLL_SECONDS : a.pollSeconds()) * 1000));
        Duration maxWait = Duration.ofMinutes(a.maxWaitMinutes() == null ? DEFAULT_MAX_WAIT_MINUTES : a.maxWaitMinutes());
        AuroraSnapshot.Settings settings = new AuroraSnapshot.Settings(a.cluster(),
            a.instanceClass() == null ? DEFAULT_INSTANCE_CLASS : a.instanceClass(), a.snapshotId(),
            Boolean.TRUE.equals(a.keepClone()), poll, maxWait);
        RdsClient rds = builder.build();
        try {
            return new AuroraSnapshot(rds, settings, source);
        } catch (RuntimeException e) {
            rds.close();
            throw e;
        }
    }
}
