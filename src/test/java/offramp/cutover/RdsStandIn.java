package offramp.cutover;

import offramp.sandbox.LocalServer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * RDS's stored procedures on a local MariaDB server, doing what the AWS documentation says they do, and an RDS-like
 * master user without SUPER: it may not SET GLOBAL read_only, KILL others' sessions, set sql_log_bin or run CHANGE
 * MASTER, only call the procedures, which run as their definer. Each call is recorded in mysql.rds_calls.
 */
final class RdsStandIn {

    static final String MASTER = "master";
    static final String MASTER_PASSWORD = "master-secret";

    private RdsStandIn() {
    }

    static void install(LocalServer server) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            s.execute("CREATE TABLE mysql.rds_calls (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64))");
            s.execute("CREATE PROCEDURE mysql.rds_kill(IN thread BIGINT) SQL SECURITY DEFINER BEGIN "
                + "INSERT INTO mysql.rds_calls (name) VALUES ('rds_kill'); KILL thread; END");
            s.execute("CREATE PROCEDURE mysql.rds_set_external_master(IN host VARCHAR(255), IN port INT, IN user VARCHAR(64), "
                + "IN password TEXT, IN file VARCHAR(255), IN pos BIGINT, IN ssl_encryption INT) SQL SECURITY DEFINER BEGIN "
                + "INSERT INTO mysql.rds_calls (name) VALUES ('rds_set_external_master'); "
                + "SET @change = CONCAT('CHANGE MASTER TO MASTER_HOST=', QUOTE(host), ', MASTER_PORT=', port, ', MASTER_USER=', "
                + "QUOTE(user), ', MASTER_PASSWORD=', QUOTE(password), ', MASTER_LOG_FILE=', QUOTE(file), ', MASTER_LOG_POS=', pos, "
                + "', MASTER_SSL=', ssl_encryption, ', MASTER_USE_GTID=no'); "
                + "PREPARE change_master FROM @change; EXECUTE change_master; DEALLOCATE PREPARE change_master; SET @change = NULL; END");
            s.execute("CREATE PROCEDURE mysql.rds_start_replication() SQL SECURITY DEFINER BEGIN "
                + "INSERT INTO mysql.rds_calls (name) VALUES ('rds_start_replication'); START SLAVE; END");
            s.execute("CREATE PROCEDURE mysql.rds_stop_replication() SQL SECURITY DEFINER BEGIN "
                + "INSERT INTO mysql.rds_calls (name) VALUES ('rds_stop_replication'); STOP SLAVE; END");
            s.execute("CREATE PROCEDURE mysql.rds_reset_external_master() SQL SECURITY DEFINER BEGIN "
                + "INSERT INTO mysql.rds_calls (name) VALUES ('rds_reset_external_master'); STOP SLAVE; RESET SLAVE ALL; END");
            s.execute("CREATE USER '" + MASTER + "'@'%' IDENTIFIED BY '" + MASTER_PASSWORD + "'");
            // What RDS grants its master user, less what a local test needs not: no SUPER, no BINLOG ADMIN,
            // no CONNECTION ADMIN, no REPLICATION SLAVE ADMIN.
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, PROCESS, CREATE USER, EXECUTE, SHOW VIEW, "
                + "REPLICATION SLAVE, BINLOG MONITOR, SLAVE MONITOR ON *.* TO '" + MASTER + "'@'%' WITH GRANT OPTION");
        }
    }

    /** The procedures called so far, in order. */
    static List<String> called(LocalServer server) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = server.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM mysql.rds_calls ORDER BY id")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
