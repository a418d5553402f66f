package offramp.verify;

import offramp.server.Queries;
import offramp.server.SqlLiteral;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** CHECKSUM TABLE and row counts of every table of some schemas: a whole-table comparison by the server itself. */
public final class TableChecksums {

    private TableChecksums() {
    }

    /** Table name (schema.table) to "rows:checksum". */
    public static Map<String, String> of(Connection c, List<String> schemas) throws SQLException {
        Map<String, String> result = new TreeMap<>();
        for (String table : tables(c, schemas)) {
            try (Statement s = c.createStatement()) {
                long checksum;
                try (ResultSet rs = s.executeQuery("CHECKSUM TABLE " + table + " EXTENDED")) {
                    Queries.requireRow(rs, "CHECKSUM TABLE " + table + " EXTENDED");
                    checksum = rs.getLong(2);
                }
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    Queries.requireRow(rs, "SELECT COUNT(*) FROM " + table);
                    result.put(table, rs.getLong(1) + ":" + checksum);
                }
            }
        }
        return result;
    }

    private static List<String> tables(Connection c, List<String> schemas) throws SQLException {
        List<String> tables = new ArrayList<>();
        for (String schema : schemas) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA = "
                    + SqlLiteral.of(schema) + " ORDER BY TABLE_NAME")) {
                while (rs.next()) {
                    tables.add("`" + schema + "`.`" + rs.getString(1) + "`");
                }
            }
        }
        return tables;
    }
}
