package offramp.replication;

import offramp.server.ServerUri;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GtidAutoPositionTest {

    private static final ServerUri SOURCE = ServerUri.parse("admin@prod.example.com:3306");

    /** A connection whose every use fails as a dropped network link does; counts the uses. */
    private static Connection lostConnection(AtomicInteger uses) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
                uses.incrementAndGet();
                throw new SQLNonTransientConnectionException("Communications link failure", "08S01");
            });
    }

    @Test
    void aSourceThatCannotBeReadIsAnErrorNamingIt() {
        SQLException e = assertThrows(SQLException.class, () ->
            GtidAutoPosition.gtidToPurge("gtid_executed", "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5",
                lostConnection(new AtomicInteger()), SOURCE));
        assertTrue(e.getMessage().contains("prod.example.com") && e.getMessage().contains("gtid_mode"), e.getMessage());
        assertTrue(e.getMessage().contains("Communications link failure"), e.getMessage());
        assertEquals("08S01", e.getSQLState());
    }

    @Test
    void aCloneWithoutMysqlGtidStateStartsFromFileAndPositionWithoutAskingTheSource() throws Exception {
        AtomicInteger uses = new AtomicInteger();
        assertNull(GtidAutoPosition.gtidToPurge("gtid_binlog_pos", "0-1-100", lostConnection(uses), SOURCE));
        assertNull(GtidAutoPosition.gtidToPurge(null, null, lostConnection(uses), SOURCE));
        assertEquals(0, uses.get());
    }

    @Test
    void gtidModeOnAndOnPermissiveLogEveryTransaction() {
        assertTrue(GtidAutoPosition.on("ON"));
        assertTrue(GtidAutoPosition.on("ON_PERMISSIVE"));
        assertFalse(GtidAutoPosition.on("OFF"));
        assertFalse(GtidAutoPosition.on("OFF_PERMISSIVE"));
        assertFalse(GtidAutoPosition.on(null));
    }
}
