package offramp.cutover;

import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FenceWritesTest {

    @Test
    void onlyTheMysqlSchemasRdsTablesAreTheServersOwn() {
        assertTrue(FenceWrites.heartbeatTable("mysql", "rds_heartbeat2"));
        assertTrue(FenceWrites.heartbeatTable("MYSQL", "RDS_SYSINFO"));
        assertFalse(FenceWrites.heartbeatTable("app", "rds_heartbeat2"));
        assertFalse(FenceWrites.heartbeatTable("mysql", "user"));
    }

    @Test
    void aStatementFormatHeartbeatIsRecognisedAndNothingElse() {
        assertEquals("mysql.rds_heartbeat2", FenceWrites.heartbeatStatement(
            "INSERT INTO mysql.rds_heartbeat2(id, value) values (1,1733300000000) ON DUPLICATE KEY UPDATE value = 1733300000000"));
        assertEquals("mysql.rds_sysinfo", FenceWrites.heartbeatStatement("UPDATE `mysql`.`rds_sysinfo` SET value = 'x'"));
        assertEquals("mysql.rds_history", FenceWrites.heartbeatStatement("delete from mysql.rds_history where 1"));
        assertNull(FenceWrites.heartbeatStatement("INSERT INTO app.rds_heartbeat2 VALUES (1)"));
        assertNull(FenceWrites.heartbeatStatement("DROP TABLE mysql.rds_heartbeat2"));
        assertNull(FenceWrites.heartbeatStatement("UPDATE app.t SET a = 1"));
    }

    @Test
    void everyOtherWriteIsNamed() {
        FenceWrites w = new FenceWrites();
        w.rows("mysql", "rds_heartbeat2", 1, null, new BitSet(), List.of());
        assertTrue(w.others.isEmpty());
        assertEquals(List.of("mysql.rds_heartbeat2"), List.copyOf(w.heartbeats));
        w.rows("app", "orders", 1, null, new BitSet(), List.of());
        w.statement("app", "TRUNCATE TABLE orders", 1, null);
        assertEquals(List.of("`app`.`orders`", "statement 'TRUNCATE TABLE orders' in app"), List.copyOf(w.others));
    }
}
