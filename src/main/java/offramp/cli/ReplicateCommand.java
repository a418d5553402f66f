package offramp.cli;

import offramp.binlog.BinlogCoordinates;
import offramp.replication.CatchUp;
import offramp.replication.ParallelApply;
import offramp.replication.Replicate;
import offramp.replication.ReplicationSource;
import offramp.replication.ReplicationStart;
import offramp.server.ChannelTls;
import offramp.server.Endpoint;
import offramp.server.Passwords;
import offramp.server.Secret;
import offramp.server.ServerUri;
import offramp.server.TlsMode;
import offramp.usage.BadUsage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "replicate", mixinStandardHelpOptions = true, description = {
    "Start the replica replicating from the live source at proven coordinates.",
    "A replica that already replicates from this source, at or past the coordinates (a rerun), keeps its position:",
    "only its stopped threads are started. Coordinates are proven on the source before the replica is configured.",
    "With --wait, follow it until it has caught up. The replica is made read-only, and Aurora's own mysql.rds_* writes are",
    "filtered out, unless told otherwise. While the replica's threads are stopped, it is set to apply with parallel workers",
    "(--parallel-workers, or --keep-apply-settings); the settings before and after are shown.",
    "Passwords: the --*-password-file options, else OFFRAMP_TARGET_PASSWORD (or OFFRAMP_REPLICA_PASSWORD) for the replica,",
    "OFFRAMP_SOURCE_PASSWORD, OFFRAMP_REPLICATION_PASSWORD, else --ask-pass, else (not the replication user's)",
    "the password of the MySQL option files ([client]: /etc/my.cnf, /etc/mysql/my.cnf, $HOME/.my.cnf, --defaults-extra-file; or only --defaults-file).",
    "Where each server's password came from is printed on stderr (never the password).",
    "Exit codes: 0 done, 1 failed or refused (the replica left as it was), 2 bad usage, 3 coordinates not proven."})
final class ReplicateCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--replica", required = true, paramLabel = "USER@HOST:PORT", description = "the server to make a replica")
    String replica;

    @Option(names = "--source", required = true, paramLabel = "USER@HOST:PORT", description = "the live source")
    String source;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "binlog file to start from")
    String file;

    @Option(names = "--pos", required = true, paramLabel = "POSITION", description = "position to start from")
    long position;

    @Option(names = "--replication-user", required = true, paramLabel = "USER", description = "the user the replica logs in to the source as")
    String replicationUser;

    @Option(names = "--source-host", paramLabel = "HOST[:PORT]",
        description = "how the replica reaches the source, when it differs from --source")
    String sourceHost;

    @Option(names = "--tls-mode", defaultValue = "DISABLED", paramLabel = "MODE",
        description = "disabled, required, verify-ca or verify-identity (default: disabled)", converter = TlsModeConverter.class)
    TlsMode tlsMode;

    @Option(names = "--tls-ca", paramLabel = "PATH", description = "CA certificate, as a path on the replica's host")
    String tlsCa;

    @Option(names = "--tls-cert", paramLabel = "PATH", description = "client certificate, as a path on the replica's host")
    String tlsCert;

    @Option(names = "--tls-key", paramLabel = "PATH", description = "client key, as a path on the replica's host")
    String tlsKey;

    @Option(names = "--connect-retry", defaultValue = "10", paramLabel = "SECONDS", converter = PositiveNumber.Int.class,
        description = "seconds between the replica's reconnection attempts (default: ${DEFAULT-VALUE})")
    int connectRetry;

    @Option(names = "--heartbeat", defaultValue = "0", paramLabel = "SECONDS", description = "heartbeat period (default: the server's)")
    double heartbeat;

    @Option(names = "--gtid-purged", paramLabel = "GTID_SET",
        description = "MySQL with GTIDs: the clone's gtid_executed; replication then uses auto-position")
    String gtidPurged;

    @Option(names = "--ignore-rds-tables", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "skip Aurora's and RDS's own mysql.rds_* writes (default: on)")
    boolean ignoreRdsTables;

    @Option(names = "--writable", description = "leave the replica writable (default: read_only / super_read_only on)")
    boolean writable;

    @Option(names = "--keep-apply-settings",
        description = "leave how the replica applies as the server has it (default: parallel workers, see --parallel-workers)")
    boolean keepApplySettings;

    @Option(names = "--parallel-workers", paramLabel = "N", description = "how many workers apply in parallel while "
        + "the replica catches up (default: " + ParallelApply.DEFAULT_WORKERS + "; MariaDB slave_parallel_threads with "
        + "slave_parallel_mode=optimistic, MySQL replica_parallel_workers with replica_preserve_commit_order)")
    Integer parallelWorkers;

    @Option(names = "--wait", description = "follow the replica until it has caught up")
    boolean await;

    @Option(names = "--timeout", defaultValue = "86400", paramLabel = "SECONDS", description = "how long --wait waits (default: a day)")
    long timeout;

    @Option(names = "--replica-password-file", paramLabel = "PATH")
    Path replicaPasswordFile;

    @Option(names = "--source-password-file", paramLabel = "PATH")
    Path sourcePasswordFile;

    @Option(names = "--replication-password-file", paramLabel = "PATH")
    Path replicationPasswordFile;


    @Option(names = "--force-reconfigure",
        description = "configure the replica from --file/--pos even when it already replicates (from this source past "
            + "the coordinates, or from another source): rewinds or repoints it")
    boolean forceReconfigure;

    @Option(names = "--reconnect-timeout", defaultValue = "600", paramLabel = "SECONDS",
        description = "how long --wait keeps trying to reach a server it lost before it gives up (default: 600)")
    long reconnectTimeout;

    @Override
    public Integer call() throws Exception {
        if (timeout <= 0 || reconnectTimeout <= 0) {
            throw new BadUsage("--timeout and --reconnect-timeout must be positive numbers of seconds");
        }
        if (heartbeat < 0) {
            throw new BadUsage("--heartbeat must be 0 (the server's period) or a positive number of seconds");
        }
        if (keepApplySettings && parallelWorkers != null) {
            throw new BadUsage("--keep-apply-settings and --parallel-workers exclude each other");
        }
        if (parallelWorkers != null && parallelWorkers < 1) {
            throw new BadUsage("--parallel-workers must be at least 1, got " + parallelWorkers);
        }
        ParallelApply apply = keepApplySettings ? ParallelApply.keep()
            : parallelWorkers != null ? new ParallelApply(parallelWorkers) : ParallelApply.offrampDefault();
        Endpoint replicaEndpoint = common.endpoint("replica", replica, replicaPasswordFile);
        ServerUri sourceUri = BadUsage.parsing(() -> Passwords.address(source));
        Endpoint sourceEndpoint = common.endpoint("source", source, sourcePasswordFile);
        Secret replicationPassword = BadUsage.parsing(() -> Passwords.resolve("replication", replicationPasswordFile,
            common.askPass, new ServerUri(replicationUser, sourceUri.host(), sourceUri.port())));
        Replicate.Start start = BadUsage.parsing(() -> {
            ReplicationSource.Address address = ReplicationSource.Address.of(sourceUri, sourceHost);
            return new Replicate.Start(new ReplicationSource(address.host(), address.port(), replicationUser,
                replicationPassword, new BinlogCoordinates(file, position), new ChannelTls(tlsMode, tlsCa, tlsCert,
                tlsKey), connectRetry, heartbeat, gtidPurged != null),
                new ReplicationStart.Options(ignoreRdsTables, !writable, gtidPurged, forceReconfigure, apply));
        });
        PrintStream log = common.json ? System.err : System.out;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("replica", replicaEndpoint.uri().toString());
        result.put("startedAt", gtidPurged != null ? "gtid-auto-position" : file + ":" + position);
        result.put("readOnly", !writable);
        Replicate replicate = new Replicate(replicaEndpoint, sourceEndpoint, log);
        try {
            ReplicationStart.Outcome outcome = replicate.start((r, s) -> start);
            result.put("action", outcome.decision().action().name().toLowerCase());
            result.put("reason", outcome.decision().reason());
            result.put("apply", outcome.apply());
            result.put("kept", outcome.kept());
            if (outcome.optionFile() != null) {
                result.put("optionFile", outcome.optionFile());
                log.println("the replica does not keep these settings across a restart by itself: add them to its option "
                    + "file (my.cnf):\n" + outcome.optionFile().strip());
            }
            if (outcome.configured()) {
                result.put("proof", outcome.proof());
                log.println("replication started from " + result.get("startedAt") + " on " + replicaEndpoint.uri()
                    + (writable ? "" : " (read-only)"));
            } else {
                log.println("replication continues on " + replicaEndpoint.uri() + " from where it was; "
                    + "the replica was not reconfigured");
            }
            if (await) {
                Replicate.CaughtUp caughtUp = replicate.awaitCaughtUp(
                    new Replicate.Wait(Duration.ofSeconds(timeout), Duration.ofSeconds(reconnectTimeout)));
                result.put("lag", caughtUp.lag());
                result.put("caughtUp", true);
                result.put("applyRate", caughtUp.rate());
                log.println("the replica has caught up with the source; " + (caughtUp.rate() == null
                    ? "it was caught up at the first look, too soon to measure its apply rate" : caughtUp.rate().describe()));
            }
        } catch (ReplicationStart.Refused e) {
            System.err.println("offramp: the replica was left as it was: " + e.getMessage());
            return ExitCodes.FAILED;
        } catch (CatchUp.ReplicationFailed e) {
            System.err.println("offramp: replication failed: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        if (common.json) {
            System.out.println(Json.of(result));
        }
        return ExitCodes.DONE;
    }

    static final class TlsModeConverter implements picocli.CommandLine.ITypeConverter<TlsMode> {
        @Override
        public TlsMode convert(String value) {
            return TlsMode.parse(value);
        }
    }
}
