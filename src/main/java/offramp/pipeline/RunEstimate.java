package offramp.pipeline;

import offramp.text.Units;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How long a provision will take and whether the source keeps its binlog long enough, on paper, for sizes no test
 * machine holds. The formula:
 * <pre>
 *   copy      = data / copy rate
 *   verify    = data / verify rate                 (both sides are read; the rate is per side)
 *   backlog   = source write rate * (snapshot + copy + verify)   bytes of binlog written meanwhile
 *   catch-up  = backlog / (apply rate - source write rate)       never, when the replica applies no faster
 *   retention must cover snapshot + copy + verify (the replica reads its first file when replication starts),
 *   with half as much again to spare
 * </pre>
 *
 * @param dataBytes        the source's tables, data and indexes (information_schema)
 * @param copyRate         bytes per second the copy moves
 * @param verifyRate       bytes per second the verify step compares
 * @param writeRate        bytes of binlog per second the source writes now
 * @param applyRate        bytes of binlog per second the replica applies
 * @param snapshot         how long taking the snapshot and starting the clone takes
 * @param retentionSeconds how long the source keeps binlog files; 0 for never purged by age
 */
public record RunEstimate(long dataBytes, double copyRate, double verifyRate, double writeRate, double applyRate,
                          Duration snapshot, long retentionSeconds) {

    /** Seconds of the copy. */
    public double copySeconds() {
        return dataBytes / copyRate;
    }

    public double verifySeconds() {
        return dataBytes / verifyRate;
    }

    /** Seconds from the snapshot until replication starts. */
    public double untilReplicationSeconds() {
        return snapshot.toSeconds() + copySeconds() + verifySeconds();
    }

    /** Bytes of binlog the source writes before replication starts. */
    public double backlogBytes() {
        return writeRate * untilReplicationSeconds();
    }

    /** Seconds of catch-up, or infinity when the replica does not apply faster than the source writes. */
    public double catchUpSeconds() {
        return applyRate <= writeRate ? Double.POSITIVE_INFINITY : backlogBytes() / (applyRate - writeRate);
    }

    /** Whether the source keeps the replica's first binlog file until replication starts, with half again to spare. */
    public boolean retentionCovers() {
        return retentionSeconds == 0 || retentionSeconds >= untilReplicationSeconds() * 1.5;
    }

    /** The estimate as plan prints it. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("data        %s on the source", Units.bytes(dataBytes)));
        lines.add(String.format("copy        %s at %s/s", time(copySeconds()), Units.bytes(copyRate)));
        lines.add(String.format("verify      %s at %s/s per side", time(verifySeconds()), Units.bytes(verifyRate)));
        lines.add(String.format("backlog     %s of binlog written meanwhile (the source writes %s/s now)",
            Units.bytes(backlogBytes()), Units.bytes(writeRate)));
        lines.add(Double.isInfinite(catchUpSeconds())
            ? String.format("catch-up    never: the replica applies %s/s, no faster than the source writes", Units.bytes(applyRate))
            : String.format("catch-up    %s at %s/s applied", time(catchUpSeconds()), Units.bytes(applyRate)));
        lines.add(String.format("total       %s until the replica is caught up", Double.isInfinite(catchUpSeconds())
            ? "never" : time(untilReplicationSeconds() + catchUpSeconds())));
        return lines;
    }

    static String time(double seconds) {
        return Units.duration(seconds);
    }
}
