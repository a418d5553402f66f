package offramp.pipeline;

import offramp.snapshot.SourcePause;

import java.util.List;
import java.util.Map;

/**
 * What a provision run did, written to {@code report.json} in the work directory, and drawn in {@code report.html}
 * beside it.
 *
 * @param coordinates where replication started
 * @param sourcePause what taking the snapshot did to the source: how long offramp kept it stopped
 *                    ({@code frozen-ms}, null when it did not stop it) and how
 * @param evidence    how the coordinates were found and proven
 * @param steps       seconds per step, in the order they ran
 * @param rows        rows copied per table
 * @param verify      checksum per table, clone and target
 * @param lag         the catch-up, sample by sample
 * @param preflight   the preflight checks (name, passed, detail, fix, fatal)
 * @param bytes       bytes per table on the target when the report was written (InnoDB's data and index
 *                    length, an estimate); empty when the target could not be asked
 * @param catchUp     how the replica applied while it caught up: its apply settings before offramp changed them
 *                    ({@code settings-before}), the ones it applied with ({@code settings}), and the measured rate
 *                    ({@code rate}: seconds, transactions, bytes, transactions and bytes per second)
 * @param load        how the copy loaded the target: {@code fast-load}, the durability settings it relaxed and put
 *                    back before replication started; empty for a load with the target's own settings
 */
public record Report(String coordinates, SourcePause sourcePause, List<String> evidence, Map<String, Double> steps, Map<String, Long> rows,
                     Map<String, Object> verify, List<Object> lag, List<Object> preflight, Map<String, Long> bytes,
                     Map<String, Object> catchUp, Map<String, Object> load) {
}
