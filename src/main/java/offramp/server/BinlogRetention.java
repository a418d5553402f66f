package offramp.server;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How long a source keeps its binlog files before it purges them. RDS and Aurora keep it in their own configuration
 * ({@code CALL mysql.rds_show_configuration}, 'binlog retention hours'); elsewhere the server's variables say it.
 *
 * @param seconds how long a file is kept once it is no longer written to; 0 means never purged by age; -1 means
 *                RDS/Aurora with no retention set, which purge binlogs as soon as they can
 * @param setting where the figure comes from, in the DBA's words, with how to raise it
 */
public record BinlogRetention(long seconds, String setting) {

    public boolean forever() {
        return seconds == 0;
    }

    /** Reads the retention of {@code source}: the RDS configuration where the procedure exists, the variables otherwise. */
    public static BinlogRetention read(Connection source, Dialect dialect) throws SQLException {
        Long rdsHours = rdsRetentionHours(source);
        if (rdsHours != null) {
            return new BinlogRetention(rdsHours < 0 ? -1 : rdsHours * 3600, "binlog retention hours (raise it with "
                + "CALL mysql.rds_set_configuration('binlog retention hours', 168))");
        }
        return new BinlogRetention(Queries.number(source, dialect.binlogRetentionSecondsQuery()), dialect.retentionSetting());
    }

    /** 'binlog retention hours' on RDS and Aurora (-1 when unset); null where the procedure does not exist. */
    public static Long rdsRetentionHours(Connection source) {
        try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("CALL mysql.rds_show_configuration")) {
            while (rs.next()) {
                if ("binlog retention hours".equalsIgnoreCase(rs.getString(1))) {
                    String v = rs.getString(2);
                    return v == null ? -1L : Long.parseLong(v.trim());
                }
            }
            return -1L;
        } catch (SQLException | NumberFormatException notRds) {
            return null;
        }
    }
}
