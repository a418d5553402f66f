package offramp.metrics;

import offramp.replication.ReplicaHealth;
import offramp.verify.live.LastVerification;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The figures of {@code offramp status} as Prometheus gauges and counters, labelled with the replica's address:
 * served over HTTP ({@code --metrics-port}) and written for node_exporter's textfile collector ({@code --textfile}).
 * A figure that is unknown is NaN; a replica falling behind has an infinite catch-up time, a source that never purges
 * an infinite headroom. Rates are not computed here: they are counters, for Prometheus' {@code rate()}.
 */
public final class HealthMetrics implements AutoCloseable {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final String replica;
    private final Gauge status = gauge("offramp_replica_status", "0 OK, 1 warning, 2 critical, 3 unknown (the exit code of offramp status)");
    private final Gauge replicaUp = gauge("offramp_replica_up", "1 when offramp could reach and read the replica");
    private final Gauge sourceUp = gauge("offramp_source_up", "1 when offramp could reach and read the source; NaN not tried (the replica could not be read)");
    private final Gauge ioRunning = gauge("offramp_replica_io_thread_running", "1 when the replica's receiver (IO) thread runs");
    private final Gauge sqlRunning = gauge("offramp_replica_sql_thread_running", "1 when the replica's applier (SQL) thread runs");
    private final Gauge lastError = gauge("offramp_replica_last_error_number", "the replica's last replication error (Last_SQL_Errno, else Last_IO_Errno); 0 none");
    private final Gauge lagSeconds = gauge("offramp_replica_lag_seconds", "Seconds_Behind_Master; NaN unknown");
    private final Gauge lagBytes = gauge("offramp_replica_lag_bytes", "bytes of the source's binlog not yet applied; NaN unknown");
    private final Counter appliedBytes = counter("offramp_replica_applied_binlog_bytes",
        "bytes of the source's binlog the replica applied while this process watched (rate() for the apply rate)");
    private final Counter writtenBytes = counter("offramp_source_binlog_written_bytes",
        "bytes of binlog the source wrote while this process watched (rate() for the write rate)");
    /** The replica's own count, kept by the server: it survives this process, and rate() of it is transactions/s. */
    private volatile double appliedTransactions = Double.NaN;
    private final Gauge catchUp = gauge("offramp_replica_catch_up_seconds", "estimated time to catch up; 0 caught up, +Inf falling behind");
    private final Gauge headroom = gauge("offramp_source_binlog_headroom_seconds", "time until the source purges the oldest binlog file the replica needs; +Inf never");
    private final Gauge retention = gauge("offramp_source_binlog_retention_seconds", "the source's binlog retention; 0 never purged by age, -1 RDS with none set");
    private final Gauge readOnly = gauge("offramp_replica_read_only", "1 when read_only is on");
    private final Gauge ownTransactions = gauge("offramp_replica_own_gtids", "GTID entries the replica wrote itself, not from the source");
    private final Gauge sourceMatches = gauge("offramp_replica_source_matches", "1 when the replica follows the configured source, 0 when not, NaN unknown");
    private final Gauge lastRefresh = gauge("offramp_status_last_refresh_timestamp_seconds", "when these figures were taken");
    private final Gauge verifyLastSuccess = gauge("offramp_verify_last_success_timestamp_seconds",
        "when offramp verify last found the replica identical to its source; 0 never");
    private final Gauge verifyLastRun = gauge("offramp_verify_last_run_timestamp_seconds", "when offramp verify last finished; NaN never");
    private final Gauge verifyDifferingTables = gauge("offramp_verify_differing_tables", "tables the last verification found differing");
    private final Gauge verifyDifferingRows = gauge("offramp_verify_differing_rows", "rows the last verification found differing");
    /** Kept in the verification's work directory: it survives this process. */
    private volatile double rowsVerified = Double.NaN;
    private HTTPServer server;

    /** @param replica the replica's host:port, the value of every gauge's {@code replica} label */
    public HealthMetrics(String replica) {
        this.replica = replica;
        CounterWithCallback.builder().name("offramp_replica_applied_transactions")
            .help("the source's transactions the replica has applied, from its GTID state (rate() for transactions/s); "
                + "absent when not counted (MySQL with GTIDs off)")
            .labelNames("replica").callback(callback -> {
                if (!Double.isNaN(appliedTransactions)) {
                    callback.call(appliedTransactions, replica);
                }
            }).register(registry);
        CounterWithCallback.builder().name("offramp_verify_rows_verified")
            .help("rows offramp verify has compared, every run in its work directory (rate() for rows/s); absent before the first")
            .labelNames("replica").callback(callback -> {
                if (!Double.isNaN(rowsVerified)) {
                    callback.call(rowsVerified, replica);
                }
            }).register(registry);
    }

    /** The last live verification's figures; null when none finished: its gauges then stay absent. */
    public void verified(LastVerification last) {
        if (last == null) {
            return;
        }
        set(verifyLastSuccess, last.lastSuccessEpochSeconds());
        set(verifyLastRun, Instant.parse(last.finished()).getEpochSecond());
        set(verifyDifferingTables, last.differingTables().size());
        set(verifyDifferingRows, last.differingRows());
        rowsVerified = last.rowsVerifiedTotal();
    }

    private Counter counter(String name, String help) {
        return Counter.builder().name(name).help(help).labelNames("replica").register(registry);
    }

    private Gauge gauge(String name, String help) {
        return Gauge.builder().name(name).help(help).labelNames("replica").register(registry);
    }

    /** Serves the gauges on {@code http://host:port/metrics}. */
    public void serve(String host, int port) throws IOException {
        server = HTTPServer.builder().inetAddress(InetAddress.getByName(host)).port(port).registry(registry).buildAndStart();
    }

    /** The port actually served (useful with port 0). */
    public int port() {
        return server.getPort();
    }

    /**
     * @param progress what the replica applied and the source wrote since the previous look (the counters grow by
     *                 it); unknown parts leave them as they are
     */
    public void update(ReplicaHealth.Health health, ReplicaHealth.Progress progress) {
        ReplicaHealth.Figures f = health.figures();
        set(status, health.level().exitCode());
        set(replicaUp, f.replicaUp() ? 1 : 0);
        set(sourceUp, f.sourceUp() == null ? Double.NaN : f.sourceUp() ? 1 : 0);
        if (progress.appliedBytes() >= 0) {
            appliedBytes.labelValues(replica).inc(progress.appliedBytes());
        }
        if (progress.writtenBytes() >= 0) {
            writtenBytes.labelValues(replica).inc(progress.writtenBytes());
        }
        if (f.appliedTransactions() != null) {
            appliedTransactions = f.appliedTransactions();
        }
        set(ioRunning, f.ioRunning() == null ? Double.NaN : "Yes".equals(f.ioRunning()) ? 1 : 0);
        set(sqlRunning, f.sqlRunning() == null ? Double.NaN : "Yes".equals(f.sqlRunning()) ? 1 : 0);
        set(lastError, f.lastErrno());
        set(lagSeconds, f.lagSeconds() == null ? Double.NaN : f.lagSeconds());
        set(lagBytes, f.lagBytes() < 0 ? Double.NaN : f.lagBytes());
        set(catchUp, orNaN(f.catchUpSeconds()));
        set(headroom, orNaN(f.headroomSeconds()));
        set(retention, f.retentionSeconds() == null ? Double.NaN : f.retentionSeconds());
        set(readOnly, f.readOnly() ? 1 : 0);
        set(ownTransactions, f.ownTransactions().size());
        set(sourceMatches, f.sourceMatches() == null ? Double.NaN : f.sourceMatches() ? 1 : 0);
        set(lastRefresh, System.currentTimeMillis() / 1000.0);
    }

    /** The gauges in the Prometheus text format. */
    public String text() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Writes the gauges for node_exporter's textfile collector: to a temporary file beside {@code file}, renamed over
     * it, so the collector never reads half a file.
     */
    public void writeTextfile(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text());
            try {
                // node_exporter runs as its own user; the figures hold no secret
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system's own default applies
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void set(Gauge gauge, double value) {
        gauge.labelValues(replica).set(value);
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }
}
