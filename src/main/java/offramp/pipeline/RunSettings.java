package offramp.pipeline;

import offramp.accounts.AccountSelection;
import offramp.binlog.BinlogCoordinates;
import offramp.copy.CopyOptions;
import offramp.copy.DefinerPolicy;
import offramp.replication.ParallelApply;
import offramp.replication.Replicate;
import offramp.replication.ReplicationSource;
import offramp.replication.ReplicationStart;
import offramp.server.Endpoint;
import offramp.server.Secret;
import offramp.usage.BadUsage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A provision run's settings: the configuration with offramp's defaults filled in, its paths resolved against the
 * configuration file, and its servers and passwords resolved.
 */
final class RunSettings {

    /** How long the catch-up keeps trying to reach a server it lost (a restart, a failover) before it gives up. */
    private static final Duration RECONNECT_LIMIT = Duration.ofMinutes(10);
    private static final long DEFAULT_CATCH_UP_SECONDS = 86400;

    final Config config;
    final Path workDir;
    final Endpoint source;
    final Endpoint target;
    private final Secret replicationPassword;

    RunSettings(Config config, Path configFile) {
        this.config = config;
        this.workDir = ConfigLoader.resolve(configFile, config.workDir() == null ? "offramp-work" : config.workDir());
        this.source = ConfigLoader.endpoint("source", config.source(), configFile);
        this.target = ConfigLoader.endpoint("target", config.target(), configFile);
        this.replicationPassword = ConfigLoader.replicationPassword(config, configFile, source.uri());
    }

    /** The copy's options; a value the loader cannot check alone (copy.definer) is bad usage when it is wrong. */
    CopyOptions copyOptions() {
        Config.Copy c = config.copy();
        int threads = c != null && c.threads() != null ? c.threads() : Runtime.getRuntime().availableProcessors();
        return BadUsage.parsing(() -> new CopyOptions(c == null || c.schemas() == null ? List.of() : c.schemas(),
            c == null || c.excludeTables() == null ? List.of() : c.excludeTables(), threads, workDir.resolve("copy"),
            DefinerPolicy.parse(c == null || c.definer() == null ? "keep" : c.definer()),
            c != null && c.chunkMb() != null ? (long) c.chunkMb() << 20 : CopyOptions.DEFAULT_CHUNK_BYTES, 2, 0,
            c != null && c.stallSeconds() != null ? c.stallSeconds() : CopyOptions.DEFAULT_STALL_SECONDS,
            c != null && Boolean.TRUE.equals(c.logBin()), c != null && Boolean.TRUE.equals(c.fastLoad()),
            new AccountSelection(c == null || c.users() == null ? List.of() : c.users(),
                c == null || c.excludeUsers() == null ? List.of() : c.excludeUsers())));
    }

    /** The binlog retention, in hours, that preflight sets on an Aurora source; null to leave it. */
    Integer raiseRetentionHours() {
        Config.Aurora a = config.snapshot().aurora();
        return a == null ? null : a.setRetentionHours();
    }

    Config.Estimate estimate() {
        return config.estimate() == null ? Config.Estimate.DEFAULTS : config.estimate();
    }

    String replicationUser() {
        return config.replication().user();
    }

    /** The password the replica logs in to the source with. */
    Secret replicationPassword() {
        return replicationPassword;
    }

    /** How the replica reaches the source: replication.source-host, or the source's own address. */
    String replicationHost() {
        String h = config.replication().sourceHost();
        return h != null ? h : source.uri().host() + ":" + source.uri().port();
    }

    ParallelApply parallelApply() {
        return ParallelApply.parse(config.replication().parallelWorkers());
    }

    /** What the replica is started with: from {@code at}, or by GTID auto-position after purging {@code gtidPurged}. */
    Replicate.Start replicationStart(BinlogCoordinates at, String gtidPurged) {
        Config.Replication r = config.replication();
        ReplicationSource.Address address = ReplicationSource.Address.of(source.uri(), r.sourceHost());
        ReplicationSource channel = new ReplicationSource(address.host(), address.port(), r.user(), replicationPassword, at,
            ConfigLoader.replicationTls(r.tls()), r.connectRetry() == null ? 10 : r.connectRetry(),
            r.heartbeat() == null ? 0 : r.heartbeat(), gtidPurged != null);
        return new Replicate.Start(channel, new ReplicationStart.Options(r.ignoreRdsTables() == null || r.ignoreRdsTables(),
            r.writable() == null || !r.writable(), gtidPurged, false, parallelApply()));
    }

    Replicate.Wait catchUpWait() {
        Long timeout = config.replication().catchUpTimeout();
        return new Replicate.Wait(Duration.ofSeconds(timeout == null ? DEFAULT_CATCH_UP_SECONDS : timeout), RECONNECT_LIMIT);
    }
}
