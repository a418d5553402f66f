package offramp.replication;

import offramp.binlog.BinlogCoordinates;
import offramp.server.Gtids;
import offramp.server.ServerInfo;
import offramp.text.Units;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a standing replica is healthy, and for how long it stays recoverable: the decisions of
 * {@code offramp status}, made from two looks at the replica and its source (no IO here).
 */
public final class ReplicaHealth {

    /**
     * Nagios' and Icinga's levels; the exit code of {@code offramp status} is the ordinal. UNKNOWN is "cannot
     * check" (no password, access denied, a configuration that cannot be read): never the verdict on a finding.
     */
    public enum Level {
        OK, WARNING, CRITICAL, UNKNOWN;

        public int exitCode() {
            return ordinal();
        }
    }

    /** One thing found, with its level. */
    public record Finding(Level level, String topic, String text) {
        public String line() {
            return String.format("%-8s %-10s %s", level, topic, text);
        }
    }

    /**
     * When a figure turns into a warning or worse.
     *
     * @param lagWarningSeconds        lag in seconds from which the lag is a warning
     * @param lagCriticalSeconds       ... and critical
     * @param headroomWarningSeconds   retention headroom below which it is a warning (a day: time to act)
     * @param headroomCriticalSeconds  ... and critical
     * @param fallingBehindBytes       bytes behind from which a replica that loses ground is a warning
     */
    public record Thresholds(long lagWarningSeconds, long lagCriticalSeconds, long headroomWarningSeconds,
                             long headroomCriticalSeconds, long fallingBehindBytes) {
        public static final Thresholds DEFAULTS = new Thresholds(300, 3600, 86400, 3600, 1 << 20);
    }

    /**
     * The figures, for people, JSON and metrics.
     *
     * @param lagBytes            bytes of the source's binlog not yet applied; -1 when unknown
     * @param applyBytesPerSecond how fast the replica applied the source's binlog between the two looks; null unknown
     * @param writeBytesPerSecond how fast the source wrote binlog between the two looks; null unknown
     * @param catchUpSeconds      the estimate to catch up: 0 caught up, positive infinity falling behind; null unknown
     * @param headroomSeconds     how long until the source purges the file the replica needs; positive infinity
     *                            when never; null unknown; 0 or less when already due
     * @param ownTransactions     GTIDs written on the replica itself, not by replication
     * @param sourceMatches       whether the source the replica follows is the one configured; null unknown
     * @param replicaUp           whether the replica could be reached and read
     * @param sourceUp            whether the source could be reached and read; null when not tried (the replica
     *                            could not be read)
     * @param appliedTransactions the source's transactions the replica has applied (its GTID state); null unknown
     */
    public record Figures(String ioRunning, String sqlRunning, int lastErrno, Long lagSeconds, long lagBytes,
                          Double applyBytesPerSecond, Double writeBytesPerSecond, Double catchUpSeconds,
                          String neededFile, Long retentionSeconds, Double headroomSeconds, boolean readOnly,
                          Boolean superReadOnly, List<String> ownTransactions, Boolean sourceMatches,
                          String sourceHost, int sourcePort, long sourceServerId, String sourceUuid,
                          String applied, String sourceAt, boolean replicaUp, Boolean sourceUp,
                          Long appliedTransactions) {
    }

    /**
     * Binlog bytes between two consecutive looks, for the metrics' counters (Prometheus' rate() makes the rates).
     *
     * @param appliedBytes bytes of the source's binlog the replica applied; -1 unknown
     * @param writtenBytes bytes the source wrote; -1 unknown
     */
    public record Progress(long appliedBytes, long writtenBytes) {
        public static final Progress NONE = new Progress(-1, -1);
    }

    /** What happened between {@code previous} and {@code now}; unknown parts -1. */
    public static Progress progress(ReplicaObservation previous, ReplicaObservation now) {
        if (previous == null || now == null) {
            return Progress.NONE;
        }
        long applied = previous.status() == null || previous.status().applied() == null || now.status() == null
            || now.status().applied() == null ? -1 : distance(now.sourceFiles(), previous.status().applied(), now.status().applied());
        long written = previous.sourceAt() == null || now.sourceAt() == null ? -1
            : distance(now.sourceFiles(), previous.sourceAt(), now.sourceAt());
        return new Progress(applied, written);
    }

    /** The verdict: the worst level found, every finding, and the figures. */
    public record Health(Level level, List<Finding> findings, Figures figures) {
        public int exitCode() {
            return level.exitCode();
        }

        /** This health with one more finding, its level raised to the finding's where that is worse. */
        public Health with(Finding more) {
            List<Finding> all = new ArrayList<>(findings);
            all.add(more);
            Level worse = more.level().compareTo(level) > 0 && level != Level.UNKNOWN ? more.level() : level;
            return new Health(worse, all, figures);
        }
    }

    private ReplicaHealth() {
    }

    /** The verdict when the replica itself cannot be reached (down, hung): critical. */
    public static Health unreachable(String why) {
        return without(Level.CRITICAL, why);
    }

    /** The verdict when the replica answers but cannot be checked (access denied): unknown, not critical. */
    public static Health cannotCheck(String why) {
        return without(Level.UNKNOWN, why);
    }

    /**
     * The verdict when a look at the replica failed: a replica that refused the account (access denied: error 1045,
     * SQLSTATE 28000) or a statement (1044, 1142, 1227: a privilege missing) is up, and only cannot be checked.
     */
    public static Health cannotReach(String why, int errorCode, String sqlState) {
        boolean refusedUs = errorCode == 1045 || errorCode == 1044 || errorCode == 1142 || errorCode == 1227
            || "28000".equals(sqlState);
        return refusedUs ? cannotCheck(why) : unreachable(why);
    }

    private static Health without(Level level, String why) {
        return new Health(level, List.of(new Finding(level, "replica", why)), new Figures(null, null, 0,
            null, -1, null, null, null, null, null, null, false, null, List.of(), null, null, 0, 0, null, null, null,
            false, null, null));
    }

    /**
     * @param earlier  a look some seconds before {@code now}, for the rates; null when there is none
     * @param now      the latest look
     * @param writable whether the replica is meant to accept writes (replication.writable in the configuration)
     */
    public static Health assess(ReplicaObservation earlier, ReplicaObservation now, Thresholds limits, boolean writable) {
        List<Finding> findings = new ArrayList<>();
        ReplicationStatus status = now.status();
        if (status == null) {
            findings.add(new Finding(Level.CRITICAL, "threads", "replication is not configured on the replica"));
        } else if (ReplicationErrors.fatal(status)) {
            findings.add(new Finding(Level.CRITICAL, "threads", "IO thread " + status.ioRunning() + ", SQL thread "
                + status.sqlRunning() + ": " + ReplicationErrors.explain(status, now.sourceFiles())));
        } else if (status.ioErrno() != 0) {
            findings.add(new Finding(Level.WARNING, "threads", "the IO thread is reconnecting to the source: "
                + ReplicationErrors.explain(status, now.sourceFiles())));
        } else {
            findings.add(new Finding(Level.OK, "threads", "IO thread " + status.ioRunning() + ", SQL thread "
                + status.sqlRunning()));
        }
        Boolean sourceMatches = sourceMatches(now, findings);
        long lagBytes = lagBytes(now);
        Double applyRate = null;
        Double writeRate = null;
        Double catchUp = null;
        if (status != null && status.applied() != null && now.sourceAt() != null) {
            if (earlier != null && earlier.status() != null && earlier.status().applied() != null && earlier.sourceAt() != null
                && now.atSeconds() > earlier.atSeconds()) {
                double dt = now.atSeconds() - earlier.atSeconds();
                long applied = distance(now.sourceFiles(), earlier.status().applied(), status.applied());
                long written = distance(now.sourceFiles(), earlier.sourceAt(), now.sourceAt());
                applyRate = applied < 0 ? null : applied / dt;
                writeRate = written < 0 ? null : written / dt;
            }
            catchUp = catchUpSeconds(lagBytes, inStep(status), applyRate, writeRate);
            findings.add(lagFinding(status, lagBytes, applyRate, writeRate, catchUp, limits, earlier == null));
        }
        Double headroom = headroom(now);
        findings.add(retentionFinding(now, headroom, catchUp, limits));
        findings.add(readOnlyFinding(now, writable));
        if (!now.lostSettings().isEmpty()) {
            findings.add(lostSettingsFinding(now));
        }
        List<String> own = newOwnTransactions(now);
        findings.addAll(driftFindings(earlier, now, own));
        Level level = findings.stream().map(Finding::level).max(Level::compareTo).orElse(Level.OK);
        Figures figures = new Figures(status == null ? null : status.ioRunning(), status == null ? null : status.sqlRunning(),
            status == null ? 0 : status.sqlErrno() != 0 ? status.sqlErrno() : status.ioErrno(),
            status == null ? null : status.secondsBehind(), lagBytes, applyRate, writeRate, catchUp, now.neededFile(),
            now.retention() == null ? null : now.retention().seconds(), headroom, now.readOnly(), now.superReadOnly(), own,
            sourceMatches, status == null ? null : status.sourceHost(), status == null ? 0 : status.sourcePort(),
            status == null ? 0 : status.sourceServerId(), status == null ? null : status.sourceUuid(),
            status == null || status.applied() == null ? null : status.applied().toString(),
            now.sourceAt() == null ? null : now.sourceAt().toString(), true, now.source() != null, now.appliedTransactions());
        return new Health(level, List.copyOf(findings), figures);
    }

    /**
     * Whether the replica still follows the server the run started from: the source offramp reached must be the one
     * the journal recorded, and the server the replica last connected to (Master_Server_Id, Master_UUID) must be it.
     */
    static Boolean sourceMatches(ReplicaObservation now, List<Finding> findings) {
        ReplicationStatus status = now.status();
        if (now.source() == null) {
            findings.add(new Finding(Level.WARNING, "source", "cannot read the source: " + now.sourceProblem()
                + "; the lag in bytes and the retention headroom are unknown"));
            return null;
        }
        List<String> changes = new ArrayList<>();
        if (now.recordedSource() != null) {
            changes.addAll(now.source().changesSince(now.recordedSource(), "source"));
        }
        if (status != null && status.sourceServerId() != 0 && status.sourceServerId() != now.source().serverId()) {
            changes.add("the replica follows server_id " + status.sourceServerId() + " at " + status.sourceHost() + ":"
                + status.sourcePort() + ", but the source at " + now.source().address() + " is server_id "
                + now.source().serverId());
        }
        if (status != null && status.sourceUuid() != null && !status.sourceUuid().isEmpty() && now.source().serverUuid() != null
            && !status.sourceUuid().equalsIgnoreCase(now.source().serverUuid())) {
            changes.add("the replica follows server_uuid " + status.sourceUuid() + ", but the source's is "
                + now.source().serverUuid());
        }
        String where = status == null ? "" : status.sourceHost() + ":" + status.sourcePort() + ", ";
        String who = "server_id " + now.source().serverId()
            + (now.source().serverUuid() == null ? "" : ", server_uuid " + now.source().serverUuid());
        if (!changes.isEmpty()) {
            findings.add(new Finding(Level.CRITICAL, "source", "not the server the run started from: "
                + String.join("; ", changes)));
            return false;
        }
        boolean confirmed = status != null && status.sourceServerId() != 0;
        findings.add(new Finding(Level.OK, "source", where + who + (now.recordedSource() != null
            ? ", the server the run started from" : confirmed ? ", the server the replica last connected to" : "")));
        return confirmed || now.recordedSource() != null ? Boolean.TRUE : null;
    }

    /** Bytes of the source's binlog the replica has yet to apply; -1 when unknown. */
    static long lagBytes(ReplicaObservation now) {
        ReplicationStatus status = now.status();
        if (status == null || status.applied() == null || now.sourceAt() == null || now.sourceFiles() == null) {
            return -1;
        }
        return BytesBehind.of(now.sourceFiles(), now.sourceAt(), status.applied());
    }

    /** Bytes of binlog between two positions of the source; -1 when a file between them is no longer listed. */
    static long distance(List<ServerInfo.BinaryLogFile> files, BinlogCoordinates from, BinlogCoordinates to) {
        if (files == null) {
            return from.file().equals(to.file()) ? Math.max(0, to.position() - from.position()) : -1;
        }
        return BytesBehind.of(files, to, from);
    }

    /**
     * Whether the replica applies as it receives: both threads run without error and Seconds_Behind_Master is 0. Its
     * bytes behind are then transactions in flight, not a gap to close (the apply and write rates are equal).
     */
    static boolean inStep(ReplicationStatus status) {
        return "Yes".equals(status.ioRunning()) && "Yes".equals(status.sqlRunning()) && status.ioErrno() == 0
            && status.secondsBehind() != null && status.secondsBehind() == 0;
    }

    /**
     * 0 when caught up (nothing behind, or applying in step with the source), the seconds to close the gap at the
     * current rates, infinity when it grows.
     */
    static Double catchUpSeconds(long lagBytes, boolean inStep, Double applyRate, Double writeRate) {
        if (lagBytes == 0 || inStep) {
            return 0.0;
        }
        if (lagBytes < 0 || applyRate == null || writeRate == null) {
            return null;
        }
        return applyRate > writeRate ? lagBytes / (applyRate - writeRate) : Double.POSITIVE_INFINITY;
    }

    private static Finding lagFinding(ReplicationStatus status, long lagBytes, Double applyRate, Double writeRate,
                                      Double catchUp, Thresholds limits, boolean oneLook) {
        Long seconds = status.secondsBehind();
        String lag = (seconds == null ? "? s" : seconds + " s") + " behind, "
            + (lagBytes < 0 ? "? bytes" : Units.bytes(lagBytes)) + " of binlog not yet applied";
        String rates = applyRate == null || writeRate == null ? (oneLook ? "" : "; rates unknown")
            : "; applying " + Units.bytes(applyRate.longValue()) + "/s, the source writes " + Units.bytes(writeRate.longValue()) + "/s";
        String trend = catchUp == null ? "" : catchUp == 0 ? "; caught up"
            : catchUp.isInfinite() ? "; falling behind" : "; catching up in about " + Units.roughly(catchUp);
        Level level = Level.OK;
        if (seconds != null && seconds >= limits.lagCriticalSeconds()) {
            level = Level.CRITICAL;
        } else if ((seconds != null && seconds >= limits.lagWarningSeconds())
            || (catchUp != null && catchUp.isInfinite() && lagBytes >= limits.fallingBehindBytes())) {
            level = Level.WARNING;
        }
        return new Finding(level, "lag", lag + rates + trend);
    }

    /**
     * Seconds until the source purges the oldest file the replica needs. A file is purged by age once it is no longer
     * written: the file being written is safe for a whole retention period after it closes.
     */
    static Double headroom(ReplicaObservation now) {
        String needed = now.neededFile();
        if (now.retention() == null || needed == null || now.sourceFiles() == null) {
            return null;
        }
        if (now.sourceFiles().stream().noneMatch(f -> f.name().equals(needed))) {
            return 0.0;
        }
        if (now.retention().forever()) {
            return Double.POSITIVE_INFINITY;
        }
        if (now.retention().seconds() < 0) {
            return 0.0; // RDS without 'binlog retention hours' purges whatever it can
        }
        boolean beingWritten = now.sourceFiles().get(now.sourceFiles().size() - 1).name().equals(needed);
        if (beingWritten) {
            return (double) now.retention().seconds();
        }
        if (now.neededFileClosedAt() == null || now.sourceClock() == 0) {
            return null;
        }
        return (double) (now.neededFileClosedAt() + now.retention().seconds() - now.sourceClock());
    }

    private static Finding retentionFinding(ReplicaObservation now, Double headroom, Double catchUp, Thresholds limits) {
        String needed = now.neededFile();
        if (headroom == null) {
            return new Finding(Level.OK, "retention", now.retention() == null ? "the source's binlog retention is unknown"
                : needed == null || now.sourceFiles() == null ? "the file the replica needs is unknown"
                : "the replica needs " + needed + "; when the source closed it is unknown (reading it needs REPLICATION "
                + "SLAVE for the source user), so its time to purge is unknown (retention " + Units.roughly(now.retention().seconds()) + ")");
        }
        boolean listed = now.sourceFiles().stream().anyMatch(f -> f.name().equals(needed));
        if (!listed) {
            return new Finding(Level.CRITICAL, "retention", "the source no longer has " + needed + ", the oldest file the "
                + "replica needs: it cannot catch up from here; provision again from a new snapshot, and keep binlogs "
                + "longer (" + now.retention().setting() + ")");
        }
        if (headroom.isInfinite()) {
            return new Finding(Level.OK, "retention", "the replica needs " + needed + "; the source never purges binlogs by age");
        }
        if (now.retention().seconds() < 0) {
            return new Finding(Level.CRITICAL, "retention", "'binlog retention hours' is not set: the source purges "
                + needed + " as soon as it can, whatever the replica still needs; " + now.retention().setting());
        }
        String retention = "retention " + Units.roughly(now.retention().seconds());
        String text = "the replica needs " + needed + ", which the source purges in about " + Units.roughly(headroom.longValue())
            + " (" + retention + (now.neededFileClosedAt() == null ? ", counted from when the source closes the file" : "") + ")";
        Level level = headroom < limits.headroomCriticalSeconds() ? Level.CRITICAL
            : headroom < limits.headroomWarningSeconds() ? Level.WARNING : Level.OK;
        if (catchUp != null && catchUp.isInfinite() && level == Level.OK && headroom < 7 * 86400) {
            level = Level.WARNING;
            text += "; the replica is falling behind, so that time runs out";
        } else if (catchUp != null && !catchUp.isInfinite() && catchUp > headroom) {
            level = Level.CRITICAL;
            text += "; at the current rates the replica would take " + Units.roughly(catchUp) + " to catch up";
        }
        if (level != Level.OK) {
            text += ": keep binlogs longer, " + now.retention().setting();
        }
        return new Finding(level, "retention", text);
    }

    private static Finding readOnlyFinding(ReplicaObservation now, boolean writable) {
        String state = "read_only " + onOff(now.readOnly())
            + (now.superReadOnly() == null ? "" : ", super_read_only " + onOff(now.superReadOnly()));
        if (now.readOnly() || writable) {
            return new Finding(Level.OK, "read-only", state + (writable && !now.readOnly() ? " (writable as configured)" : ""));
        }
        return new Finding(Level.WARNING, "read-only", state + ": the replica accepts writes from anyone with the "
            + "privilege, and a write there drifts from the source or breaks replication; SET GLOBAL "
            + (now.superReadOnly() == null ? "read_only" : "super_read_only") + " = ON");
    }

    /** Settings offramp put on the replica that it runs without now: a restart without the option file lost them. */
    static Finding lostSettingsFinding(ReplicaObservation now) {
        return new Finding(Level.CRITICAL, "settings", "the replica runs without settings offramp put on it: "
            + String.join(", ", now.lostSettings().stream().map(LostSetting::describe).toList())
            + " (a restart without them: unfiltered, writable or applying with one thread); put them back: " + now.restore());
    }

    private static List<Finding> driftFindings(ReplicaObservation earlier, ReplicaObservation now, List<String> own) {
        List<Finding> findings = new ArrayList<>();
        if (!own.isEmpty()) {
            findings.add(new Finding(Level.WARNING, "drift", "the replica has transactions of its own, not from the "
                + "source (" + String.join(", ", own) + "): rows there may differ from the source, and a later failover "
                + "would carry them; compare with offramp checksum while both are still, and keep the replica read-only"));
        }
        if (earlier != null && !now.readOnly() && !now.logReplicaUpdates()
            && ownBinlogWritten(earlier.replicaBinlogAt(), now.replicaBinlogAt())) {
            findings.add(new Finding(Level.WARNING, "drift", "the replica's own binlog moved from "
                + earlier.replicaBinlogAt() + " to " + now.replicaBinlogAt() + " while read_only is off and it does not "
                + "binlog what it replicates: something writes on the replica"));
        }
        if (findings.isEmpty()) {
            findings.add(new Finding(Level.OK, "drift", now.replicaBinlogAt() == null && own.isEmpty()
                ? "no transactions of the replica's own in its GTID state (its binlog is off: writes without GTIDs cannot be seen)"
                : "no transactions of the replica's own"));
        }
        return findings;
    }

    /**
     * Whether the replica's own binlog grew between two looks. A move to another file is no proof of a write: a
     * restart, FLUSH LOGS or max_binlog_size rotates it, and the new file starts with headers only.
     */
    static boolean ownBinlogWritten(BinlogCoordinates earlier, BinlogCoordinates now) {
        return earlier != null && now != null && earlier.file().equals(now.file()) && now.position() > earlier.position();
    }

    /**
     * The replica's own GTIDs that were not there when offramp configured replication: accounts, tables or
     * settings made on the target before provisioning are its baseline, not drift.
     */
    static List<String> newOwnTransactions(ReplicaObservation now) {
        List<String> before = ownTransactions(now.ownGtidsAtProvision(), now.replicaServerId(), now.replicaUuid());
        return ownTransactions(now.ownGtidState(), now.replicaServerId(), now.replicaUuid()).stream()
            .filter(gtid -> !before.contains(gtid)).toList();
    }

    /**
     * The GTIDs in a replica's GTID state that the replica wrote itself: MariaDB's {@code domain-server_id-seq}
     * with the replica's server_id, MySQL's {@code uuid:ranges} with its server_uuid.
     */
    public static List<String> ownTransactions(String gtidState, long serverId, String serverUuid) {
        return Gtids.parse(gtidState).writtenBy(serverId, serverUuid);
    }

    private static String onOff(boolean on) {
        return on ? "ON" : "OFF";
    }

}
