package offramp.replication;

import offramp.text.Units;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Locale;

/**
 * How fast the replica applied while it caught up, from the first look at it to the last.
 *
 * @param seconds      the time between the two looks
 * @param transactions transactions applied in between; null when the replica's GTID state does not count them
 *                     (MySQL with GTIDs off)
 * @param bytes        bytes of the source's binlog applied in between; -1 when unknown (a file no longer listed)
 */
public record ApplyRate(double seconds, Long transactions, long bytes) {

    /** The rate over a catch-up's samples; null when fewer than two looks lie apart in time (nothing to measure). */
    public static ApplyRate of(List<CatchUp.Sample> samples) {
        if (samples.size() < 2) {
            return null;
        }
        CatchUp.Sample first = samples.get(0);
        CatchUp.Sample last = samples.get(samples.size() - 1);
        double seconds = last.atSeconds() - first.atSeconds();
        if (seconds <= 0) {
            return null;
        }
        Long transactions = first.transactions() == null || last.transactions() == null ? null
            : Math.max(0, last.transactions() - first.transactions());
        long bytes = first.appliedBytes() < 0 || last.appliedBytes() < 0 ? -1 : Math.max(0, last.appliedBytes() - first.appliedBytes());
        return new ApplyRate(seconds, transactions, bytes);
    }

    /** Transactions per second; null when not counted. */
    @JsonProperty("transactionsPerSecond")
    public Double transactionsPerSecond() {
        return transactions == null ? null : transactions / seconds;
    }

    /** Binlog bytes per second; null when unknown. */
    @JsonProperty("bytesPerSecond")
    public Double bytesPerSecond() {
        return bytes < 0 ? null : bytes / seconds;
    }

    /** e.g. {@code applied 12000 transactions (64.0 MiB of binlog) in 5.00 s: 2400 transactions/s, 12.8 MiB/s} */
    public String describe() {
        return String.format(Locale.ROOT, "applied %s transactions (%s of binlog) in %s: %s transactions/s, %s/s",
            transactions == null ? "?" : transactions, Units.bytes(bytes), Units.precise(seconds),
            transactions == null ? "? (GTIDs off: not counted)" : String.format(Locale.ROOT, "%.0f", transactionsPerSecond()),
            bytes < 0 ? "?" : Units.bytes(bytesPerSecond()));
    }
}
