package offramp.server;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How each flavor keeps a setting offramp puts on a replica across a restart: MySQL 8 with SET PERSIST, MariaDB and
 * MySQL 5.7 (no SET PERSIST) with SET GLOBAL and an option file; how each reads the running value back.
 */
class DialectKeepSettingsTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "10.11.19-MariaDB | read_only              | ON | SET GLOBAL read_only = 'ON'              | false | read_only",
        "10.11.19-MariaDB | slave_parallel_threads | 16 | SET GLOBAL slave_parallel_threads = 16    | false | read_only",
        "5.7.44-log       | slave_parallel_workers | 8  | SET GLOBAL slave_parallel_workers = 8     | false | super_read_only",
        "8.0.39           | super_read_only        | ON | SET PERSIST super_read_only = 'ON'        | true  | super_read_only",
        "8.4.3            | replica_parallel_workers | 16 | SET PERSIST replica_parallel_workers = 16 | true | super_read_only",
    })
    void keepsASettingWhereTheServerCan(String version, String name, String value, String statement, boolean persists,
                                        String readOnlyVariable) {
        Dialect flavor = Dialect.of(version);
        assertEquals(statement, flavor.keepGlobal(name, value));
        assertEquals(persists, flavor.persists(name));
        assertEquals(readOnlyVariable, flavor.readOnlyVariable());
        assertEquals("SELECT @@GLOBAL." + name, flavor.runningSettingQuery(name));
        assertEquals("[mysqld]", flavor.optionGroup());
        assertEquals(name + " = " + value, flavor.optionLine(name, value));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "10.11.19-MariaDB | SELECT @@GLOBAL.replicate_wild_ignore_table",
        "5.7.44-log       | SELECT GROUP_CONCAT(FILTER_RULE) FROM performance_schema.replication_applier_global_filters WHERE FILTER_NAME = 'REPLICATE_WILD_IGNORE_TABLE'",
        "8.0.39           | SELECT GROUP_CONCAT(FILTER_RULE) FROM performance_schema.replication_applier_global_filters WHERE FILTER_NAME = 'REPLICATE_WILD_IGNORE_TABLE'",
    })
    void theRdsFilterLastsOnlyUntilARestartOnEveryFlavor(String version, String readBack) {
        Dialect flavor = Dialect.of(version);
        assertEquals(false, flavor.persists(Dialect.RDS_FILTER), "CHANGE REPLICATION FILTER and MariaDB's variable both end with the server");
        assertEquals(readBack, flavor.runningSettingQuery(Dialect.RDS_FILTER));
        assertEquals("replicate_wild_ignore_table = mysql.rds\\_%", flavor.optionLine(Dialect.RDS_FILTER, Dialect.RDS_TABLES));
        assertEquals("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'mysql' AND TABLE_NAME LIKE 'rds\\_%'",
            flavor.rdsTablesQuery());
    }
}
