package offramp.metrics;

import offramp.replication.ReplicaHealth;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The metrics of offramp status: whether each server could be reached, and counters where rates were. */
class HealthMetricsTest {

    private static ReplicaHealth.Health healthy(long appliedTransactions) {
        ReplicaHealth.Figures figures = new ReplicaHealth.Figures("Yes", "Yes", 0, 0L, 0, 10.0, 10.0, 0.0, "bin.000002",
            0L, Double.POSITIVE_INFINITY, true, null, List.of(), true, "db1", 3306, 1, null, "bin.000002:5000",
            "bin.000002:5000", true, true, appliedTransactions);
        return new ReplicaHealth.Health(ReplicaHealth.Level.OK, List.of(), figures);
    }

    @Test
    void upGaugesAndCountersNotRatesComputedHere() throws Exception {
        try (HealthMetrics metrics = new HealthMetrics("db2:3306")) {
            metrics.update(healthy(100), new ReplicaHealth.Progress(800, 1000));
            metrics.update(healthy(130), new ReplicaHealth.Progress(200, ReplicaHealth.Progress.NONE.writtenBytes()));
            String text = metrics.text();
            assertTrue(text.contains("offramp_replica_up{replica=\"db2:3306\"} 1.0"), text);
            assertTrue(text.contains("offramp_source_up{replica=\"db2:3306\"} 1.0"), text);
            assertTrue(text.contains("# TYPE offramp_replica_applied_binlog_bytes_total counter"), text);
            assertTrue(text.contains("offramp_replica_applied_binlog_bytes_total{replica=\"db2:3306\"} 1000.0"), text);
            assertTrue(text.contains("offramp_source_binlog_written_bytes_total{replica=\"db2:3306\"} 1000.0"), "unknown growth adds nothing: " + text);
            assertTrue(text.contains("offramp_replica_applied_transactions_total{replica=\"db2:3306\"} 130.0"), text);
            assertFalse(text.contains("per_second"), text);

            metrics.update(ReplicaHealth.unreachable("cannot connect"), ReplicaHealth.Progress.NONE);
            String down = metrics.text();
            assertTrue(down.contains("offramp_replica_up{replica=\"db2:3306\"} 0.0"), down);
            assertTrue(down.contains("offramp_source_up{replica=\"db2:3306\"} NaN"), "not tried: " + down);
            assertTrue(down.contains("offramp_replica_status{replica=\"db2:3306\"} 2.0"), down);
            metrics.update(ReplicaHealth.cannotCheck("Access denied"), ReplicaHealth.Progress.NONE);
            assertTrue(metrics.text().contains("offramp_replica_status{replica=\"db2:3306\"} 3.0"), metrics.text());
        }
    }
}
