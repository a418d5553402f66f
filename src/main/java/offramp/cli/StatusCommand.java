package offramp.cli;

import offramp.metrics.HealthMetrics;
import offramp.pipeline.ConfigLoader;
import offramp.pipeline.StandingReplica;
import offramp.replication.HealthProbe;
import offramp.replication.Recorded;
import offramp.replication.ReplicaHealth;
import offramp.replication.ReplicaObservation;
import offramp.server.Endpoint;
import offramp.usage.BadUsage;
import offramp.verify.live.LastVerification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true, description = {
    "Is the external replica healthy, and for how long will it stay recoverable?",
    "Replication threads and the last error explained; whether the source is still the server the run started from;",
    "lag in seconds and in bytes of binlog not yet applied; apply rate against the source's write rate (\"catching up",
    "in about N min\" or \"falling behind\"); the time until the source purges the oldest binlog the replica needs;",
    "read_only, and transactions the replica wrote itself.",
    "Passwords: the --*-password-file options (or the configuration's password files), else OFFRAMP_TARGET_PASSWORD",
    "(or OFFRAMP_REPLICA_PASSWORD) and OFFRAMP_SOURCE_PASSWORD, else the password of the MySQL option files",
    "([client]: /etc/my.cnf, /etc/mysql/my.cnf, $HOME/.my.cnf, --defaults-extra-file; or only --defaults-file).",
    "Where each server's password came from is printed on stderr (never the password).",
    "Exit codes, as monitoring plugins (Nagios, Icinga) use them: 0 OK, 1 WARNING, 2 CRITICAL (also a replica that",
    "cannot be reached), 3 UNKNOWN: it cannot check (no password, access denied, bad usage or configuration).",
    "Unlike the other commands, whose bad usage exits 2, status never confuses bad usage with CRITICAL."})
final class StatusCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--config", paramLabel = "FILE", description = "offramp.yaml of the provision run: its target is the replica")
    Path config;

    @Option(names = "--replica", paramLabel = "USER@HOST:PORT", description = "the replica (without --config)")
    String replica;

    @Option(names = "--source", paramLabel = "USER@HOST:PORT", description = "its source (without --config)")
    String source;

    @Option(names = "--replica-password-file", paramLabel = "PATH")
    Path replicaPasswordFile;

    @Option(names = "--source-password-file", paramLabel = "PATH")
    Path sourcePasswordFile;

    @Option(names = "--verify-work-dir", paramLabel = "DIR", defaultValue = "offramp-verify",
        description = "without --config: the work directory of offramp verify, whose last outcome to report (default: ${DEFAULT-VALUE})")
    Path verifyWorkDir;

    @Option(names = "--writable", description = "the replica is meant to accept writes: read_only OFF is no warning "
        + "(with --config: replication.writable)")
    boolean writable;

    @Option(names = "--sample-seconds", defaultValue = "5", paramLabel = "SECONDS",
        description = "seconds between the two looks the rates come from (default: 5; 0: one look, no rates)")
    int sampleSeconds;

    @Option(names = "--watch", paramLabel = "SECONDS",
        description = "refresh every SECONDS, in place on a terminal, until interrupted (or --count refreshes); rates over the last 5 minutes")
    Integer watch;

    @Option(names = "--count", paramLabel = "N", description = "with --watch or --metrics-port: stop after N refreshes")
    Integer count;

    @Option(names = "--metrics-port", paramLabel = "PORT",
        description = "serve the figures for Prometheus on http://HOST:PORT/metrics, refreshing every --watch seconds (default 15)")
    Integer metricsPort;

    @Option(names = "--metrics-host", defaultValue = "0.0.0.0", paramLabel = "HOST", description = "address to serve metrics on (default: all)")
    String metricsHost;

    @Option(names = "--textfile", paramLabel = "PATH",
        description = "write the figures in the Prometheus text format to PATH (node_exporter's textfile collector), at each refresh")
    Path textfile;

    @Option(names = "--lag-warning", defaultValue = "300", paramLabel = "SECONDS", description = "lag that is a warning (default: 300)")
    long lagWarning;

    @Option(names = "--lag-critical", defaultValue = "3600", paramLabel = "SECONDS", description = "lag that is critical (default: 3600)")
    long lagCritical;

    @Option(names = "--headroom-warning", defaultValue = "86400", paramLabel = "SECONDS",
        description = "time before the source purges a binlog the replica needs that is a warning (default: a day)")
    long headroomWarning;

    @Option(names = "--headroom-critical", defaultValue = "3600", paramLabel = "SECONDS",
        description = "... that is critical (default: an hour)")
    long headroomCritical;

    /** Rates are taken over this window of looks when watching. */
    private static final double WINDOW_SECONDS = 300;

    @Override
    public Integer call() throws Exception {
        StandingReplica standing = standing();
        if (sampleSeconds < 0 || (watch != null && watch <= 0) || (count != null && count <= 0)) {
            throw new BadUsage("--sample-seconds must be 0 or more, --watch and --count positive");
        }
        Integer every = watch != null ? watch : metricsPort != null ? Integer.valueOf(15) : null;
        ReplicaHealth.Thresholds limits = new ReplicaHealth.Thresholds(lagWarning, lagCritical, headroomWarning,
            headroomCritical, ReplicaHealth.Thresholds.DEFAULTS.fallingBehindBytes());
        HealthProbe probe = new HealthProbe(standing.replica(), standing.source(), standing.recorded());
        String label = standing.replica().uri().host() + ":" + standing.replica().uri().port();
        PrintStream out = System.out;
        boolean terminal = System.console() != null && !common.json;
        try (HealthMetrics metrics = new HealthMetrics(label)) {
            if (metricsPort != null) {
                metrics.serve(metricsHost, metricsPort);
                System.err.println("serving metrics on http://" + metricsHost + ":" + metrics.port() + "/metrics");
            }
            Deque<ReplicaObservation> looks = new ArrayDeque<>();
            ReplicaHealth.Health health;
            int refreshes = 0;
            while (true) {
                // A replica that failed the first look is reported at once: a second look would only wait as long again.
                boolean reached = true;
                if (every == null && sampleSeconds > 0) {
                    reached = look(probe, looks);
                    if (reached) {
                        Thread.sleep(sampleSeconds * 1000L);
                    }
                }
                health = reached && look(probe, looks) ? ReplicaHealth.assess(looks.size() > 1 ? looks.peekFirst() : null,
                    looks.peekLast(), limits, standing.writable()) : unreachable;
                LastVerification verified = LastVerification.read(standing.verifyDir());
                if (verified != null) {
                    health = health.with(verified.finding(Instant.now()));
                }
                metrics.verified(verified);
                metrics.update(health, reached && looks.size() > 1 ? ReplicaHealth.progress(previous, looks.peekLast())
                    : ReplicaHealth.Progress.NONE);
                if (textfile != null) {
                    metrics.writeTextfile(textfile);
                }
                if (terminal && every != null) {
                    out.print("\033[H\033[2J");
                }
                print(out, standing.replica(), health);
                refreshes++;
                if (every == null || (count != null && refreshes >= count)) {
                    return health.exitCode();
                }
                Thread.sleep(every * 1000L);
            }
        }
    }

    private ReplicaHealth.Health unreachable;
    /** The look before the latest, for the counters' growth; null when none. */
    private ReplicaObservation previous;

    /** Takes a look and keeps the window; false when the replica could not be read. */
    private boolean look(HealthProbe probe, Deque<ReplicaObservation> looks) {
        try {
            ReplicaObservation now = probe.observe();
            previous = looks.peekLast();
            looks.addLast(now);
            while (looks.size() > 2 && now.atSeconds() - looks.peekFirst().atSeconds() > WINDOW_SECONDS) {
                looks.removeFirst();
            }
            return true;
        } catch (SQLException e) {
            looks.clear(); // rates across an outage would mislead
            unreachable = ReplicaHealth.cannotReach(e.getMessage(), e.getErrorCode(), e.getSQLState());
            return false;
        }
    }

    private StandingReplica standing() throws Exception {
        if (config != null) {
            if (replica != null || source != null) {
                throw new BadUsage("give either --config or --replica and --source, not both");
            }
            StandingReplica fromConfig = StandingReplica.of(ConfigLoader.load(config), config);
            return writable ? fromConfig.writable(true) : fromConfig;
        }
        if (replica == null || source == null) {
            throw new BadUsage("give --config offramp.yaml, or --replica USER@HOST:PORT and --source USER@HOST:PORT");
        }
        Endpoint r = common.endpoint("replica", replica, replicaPasswordFile);
        Endpoint s = common.endpoint("source", source, sourcePasswordFile);
        return new StandingReplica(r, s, writable, Recorded.nothing(), verifyWorkDir);
    }

    private void print(PrintStream out, Endpoint replicaEndpoint, ReplicaHealth.Health health) {
        if (common.json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("replica", replicaEndpoint.uri().toString());
            result.put("level", health.level());
            result.put("exitCode", health.exitCode());
            result.put("findings", health.findings());
            result.put("figures", health.figures());
            out.println(Json.of(result));
        } else {
            out.println("replica " + replicaEndpoint.uri() + ": " + health.level());
            health.findings().forEach(f -> out.println("  " + f.line()));
        }
        out.flush();
    }
}
