package offramp.server;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server families offramp speaks to, and every statement whose text differs between them. SQL that depends
 * on the flavor lives here and nowhere else.
 */
public enum Flavor {
    MYSQL_57("MySQL 5.7"),
    MYSQL_80("MySQL 8.0"),
    MYSQL_84("MySQL 8.4+"),
    MARIADB("MariaDB");

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+).*");

    private final String label;

    Flavor(String label) {
        this.label = label;
    }

    /** The flavor of a server from its {@code @@version} (Aurora MySQL reports its MySQL version there). */
    public static Flavor of(String version) {
        if (version.toLowerCase().contains("mariadb")) {
            return MARIADB;
        }
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            throw new IllegalArgumentException("unrecognised server version: " + version);
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major < 8) {
            return MYSQL_57;
        }
        return major == 8 && minor == 0 ? MYSQL_80 : MYSQL_84;
    }

    public String label() {
        return label;
    }

    public boolean isMariaDb() {
        return this == MARIADB;
    }

    /** Lists the binlog files with their sizes; the same on every flavor. */
    public String showBinaryLogs() {
        return "SHOW BINARY LOGS";
    }

    /** The current binlog file and position: MySQL 8.4 removed SHOW MASTER STATUS. */
    public String showBinaryLogStatus() {
        return this == MYSQL_84 ? "SHOW BINARY LOG STATUS" : "SHOW MASTER STATUS";
    }

    /** A one-value query for the GTID state the server's data corresponds to. */
    public String gtidStateQuery() {
        return isMariaDb() ? "SELECT @@GLOBAL.gtid_binlog_pos" : "SELECT @@GLOBAL.gtid_executed";
    }

    /** The name of that GTID state, as the DBA knows it. */
    public String gtidStateName() {
        return isMariaDb() ? "gtid_binlog_pos" : "gtid_executed";
    }

    /** Whether GTIDs are on; MariaDB always writes them. */
    public String gtidModeQuery() {
        return isMariaDb() ? "SELECT 'ON'" : "SELECT @@GLOBAL.gtid_mode";
    }

    /** The variables that say how long the server keeps binlog files. */
    public String retentionSetting() {
        return switch (this) {
            case MYSQL_57 -> "expire_logs_days";
            case MYSQL_80, MYSQL_84 -> "binlog_expire_logs_seconds (on Aurora: CALL mysql.rds_set_configuration('binlog retention hours', N))";
            case MARIADB -> "expire_logs_days or binlog_expire_logs_seconds";
        };
    }
}
