package offramp.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The configuration file of {@code plan} and {@code provision} (YAML, kebab-case keys, unknown keys refused).
 * Only the chosen snapshot provider's section is needed. {@code cutover} is read by {@code offramp cutover} alone.
 */
public record Config(@JsonProperty("work-dir") String workDir, Server source, Snapshot snapshot, Server target,
                     Replication replication, Copy copy, Cutover cutover, Estimate estimate) {

    /**
     * The rates {@code plan} estimates the run with, in MiB/s (copy, verify per side, binlog applied by the
     * replica), and how long the snapshot takes; each has a default measured on a small machine.
     */
    public record Estimate(@JsonProperty("copy-mib-s") Double copyMibS, @JsonProperty("verify-mib-s") Double verifyMibS,
                           @JsonProperty("apply-mib-s") Double applyMibS,
                           @JsonProperty("snapshot-minutes") Double snapshotMinutes) {
        static final Estimate DEFAULTS = new Estimate(null, null, null, null);
    }

    /** A server: its address, where its password is (or OFFRAMP_ROLE_PASSWORD), and TLS. */
    public record Server(String uri, @JsonProperty("password-file") String passwordFile, Tls tls) {
    }

    /** TLS: disabled, required, verify-ca or verify-identity. */
    public record Tls(String mode, String ca, String cert, String key) {
    }

    public record Snapshot(String provider, Aurora aurora, @JsonProperty("rds-replica") Server rdsReplica,
                           @JsonProperty("clone") Server cloneServer,
                           Local local, @JsonProperty("mariadb-backup") MariadbBackup mariadbBackup) {
    }

    /** The {@code mariadb-backup} provider: the clone's server id (default: the source's plus 1000). */
    public record MariadbBackup(@JsonProperty("server-id") Long serverId) {
    }

    /**
     * The source Aurora cluster. {@code endpoint} overrides the RDS API endpoint (a VPC endpoint); waiters poll
     * every {@code poll-seconds} for at most {@code max-wait-minutes}; {@code set-retention-hours} lets preflight
     * raise 'binlog retention hours' when it is under a day.
     */
    public record Aurora(String region, String cluster, @JsonProperty("instance-class") String instanceClass,
                         @JsonProperty("keep-clone") Boolean keepClone, @JsonProperty("snapshot-id") String snapshotId,
                         String endpoint, @JsonProperty("poll-seconds") Double pollSeconds,
                         @JsonProperty("max-wait-minutes") Integer maxWaitMinutes,
                         @JsonProperty("set-retention-hours") Integer setRetentionHours) {
    }

    /**
     * A local server's data directory, frozen and copied while its process is stopped (pid-file), or a command
     * that makes a crash-consistent copy (an LVM or ZFS snapshot) and prints the copy's directory. A guard
     * process thaws the server after {@code max-freeze-seconds} whatever happens to offramp.
     */
    public record Local(String datadir, @JsonProperty("pid-file") String pidFile, String command,
                        @JsonProperty("server-id") Long serverId,
                        @JsonProperty("max-freeze-seconds") Integer maxFreezeSeconds) {
    }

    /**
     * How the target replicates. {@code parallel-workers}: how many workers apply while the replica catches up
     * (a number), or {@code keep} for the server's own settings; absent means offramp's default.
     */
    public record Replication(String user, @JsonProperty("password-file") String passwordFile,
                              @JsonProperty("source-host") String sourceHost, Tls tls,
                              @JsonProperty("connect-retry") Integer connectRetry, Double heartbeat,
                              @JsonProperty("ignore-rds-tables") Boolean ignoreRdsTables, Boolean writable,
                              @JsonProperty("catch-up-timeout") Long catchUpTimeout,
                              @JsonProperty("parallel-workers") String parallelWorkers) {
    }

    public record Copy(Integer threads, List<String> schemas, @JsonProperty("exclude-tables") List<String> excludeTables,
                       String definer, @JsonProperty("chunk-mb") Integer chunkMb,
                       @JsonProperty("stall-seconds") Long stallSeconds, @JsonProperty("log-bin") Boolean logBin,
                       @JsonProperty("fast-load") Boolean fastLoad, List<String> users,
                       @JsonProperty("exclude-users") List<String> excludeUsers) {
    }

    /**
     * {@code offramp cutover}: the application's accounts (locked on the old primary, their sessions ended), the
     * time budget for the write stop, the command that moves the application (DNS, proxy), the final proof
     * ({@code full}, {@code sample} or {@code none}), the lag preflight accepts, how long the fenced binlog must
     * stand still, the fallback window the binlog retention must cover, how the old primary reaches the target
     * for the way back ({@code target-host}, HOST or HOST:PORT). Whether a server is RDS or Aurora is
     * detected by its {@code mysql.rds_kill} procedure.
     */
    public record Cutover(@JsonProperty("application-accounts") List<String> applicationAccounts,
                          @JsonProperty("budget-seconds") Integer budgetSeconds,
                          @JsonProperty("switch-command") String switchCommand,
                          @JsonProperty("switch-timeout-seconds") Integer switchTimeoutSeconds,
                          String verify,
                          @JsonProperty("max-lag-bytes") Long maxLagBytes,
                          @JsonProperty("fence-proof-seconds") Integer fenceProofSeconds,
                          @JsonProperty("fallback-hours") Integer fallbackHours,
                          @JsonProperty("long-transaction-seconds") Integer longTransactionSeconds,
                          @JsonProperty("target-host") String targetHost,
                          @JsonProperty("fence-proof") String fenceProof) {
    }
}
