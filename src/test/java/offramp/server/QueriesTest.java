package offramp.server;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QueriesTest {

    /** A result set of {@code rows} rows whose every column holds "v". */
    private static ResultSet rows(int rows) {
        int[] left = {rows};
        return (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "next" -> left[0]-- > 0;
                case "getString" -> "v";
                default -> throw new UnsupportedOperationException(method.getName());
            });
    }

    @Test
    void aQueryWithoutARowFailsNamingTheQuery() {
        SQLException e = assertThrows(SQLException.class,
            () -> Queries.row(rows(0), "SELECT @@GLOBAL.gtid_executed", rs -> rs.getString(1)));
        assertEquals("SELECT @@GLOBAL.gtid_executed returned no row", e.getMessage());
    }

    @Test
    void theFirstRowIsRead() throws SQLException {
        assertEquals("v", Queries.row(rows(2), "SELECT 1", rs -> rs.getString(1)));
    }
}
