package offramp.replication;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Whether the running server still has a setting offramp put on it, as each server spells the value back. */
class ReplicaSettingTest {

    @ParameterizedTest(name = "{0} = {1}, running {2}: {3}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "read_only                   | ON          | 1           | true",
        "read_only                   | ON          | 0           | false",
        "super_read_only             | ON          | ON          | true",
        "slave_parallel_threads      | 16          | 16          | true",
        "slave_parallel_threads      | 16          | 0           | false",
        "slave_parallel_mode         | optimistic  | optimistic  | true",
        "slave_parallel_mode         | optimistic  | conservative | false",
        "replicate_wild_ignore_table | mysql.rds\\_% | mysql.rds\\_% | true",
        "replicate_wild_ignore_table | mysql.rds\\_% | mysql.rds_%  | true",
        "replicate_wild_ignore_table | mysql.rds\\_% | 'app.tmp\\_%,mysql.rds\\_%' | true",
        "replicate_wild_ignore_table | mysql.rds\\_% | ''           | false",
        "replicate_wild_ignore_table | mysql.rds\\_% | NULL         | false",
    })
    void heldByTheRunningValue(String name, String value, String running, boolean held) {
        assertEquals(held, new ReplicaSetting(name, value, false).heldBy(running));
    }
}
