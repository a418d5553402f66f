package offramp.cutover;

import offramp.server.Account;
import offramp.server.Dialect;
import offramp.server.Queries;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The layers that stop writes on a primary, each read before it is changed so that it can be put back as it
 * was: {@code read_only} (and MySQL's {@code super_read_only}), which privileged accounts ignore and RDS does not
 * let the master user set; locked application accounts, which stop new logins; and ended sessions, which stop
 * the logins already made.
 */
final class Fence {

    /** SUPER or SYSTEM_VARIABLES_ADMIN missing (RDS, Aurora: read_only belongs to the parameter group). */
    private static final int ER_SPECIFIC_ACCESS_DENIED = 1227;
    private static final int ER_ACCESS_DENIED = 1045;
    private static final int ER_NO_SUCH_THREAD = 1094;

    /** {@code read_only} and {@code super_read_only} as they are; the latter always false on MariaDB. */
    record ReadOnly(boolean readOnly, boolean superReadOnly) {
        /** The fence: read-only as tight as the server makes it. */
        static ReadOnly fence(Dialect dialect) {
            return new ReadOnly(true, dialect.hasSuperReadOnly());
        }
    }

    private Fence() {
    }

    static ReadOnly readOnly(Connection c, Dialect flavor) throws SQLException {
        return Queries.one(c, flavor.readOnlyQuery(), rs -> new ReadOnly(rs.getBoolean(1), rs.getBoolean(2)));
    }

    /**
     * Sets read-only; false when the account may not (RDS, Aurora). {@code SET GLOBAL read_only} waits for the
     * commits in flight and for tables locked by others: {@code lockWait} bounds that wait.
     */
    static boolean setReadOnly(Connection c, Dialect flavor, ReadOnly wanted, Duration lockWait) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION lock_wait_timeout = " + Math.max(1, lockWait.toSeconds()));
            for (String sql : flavor.setReadOnly(wanted.readOnly(), wanted.superReadOnly())) {
                s.execute(sql);
            }
            return true;
        } catch (SQLException e) {
            if (e.getErrorCode() == ER_SPECIFIC_ACCESS_DENIED || e.getErrorCode() == ER_ACCESS_DENIED) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Keeps this session's account changes out of the binlog, so a lock on the old primary does not replicate to
     * the new one and an unlock on the new one does not flow back; false when the account may not (RDS).
     */
    static boolean keepOutOfBinlog(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            return true;
        } catch (SQLException notAllowed) {
            return false;
        }
    }

    /** Whether the account exists; false when SHOW CREATE USER says it does not. */
    static boolean exists(Connection c, Account account) throws SQLException {
        return showCreateUser(c, account) != null;
    }

    /** Whether the account is locked; null when it does not exist. */
    static Boolean locked(Connection c, Account account) throws SQLException {
        String text = showCreateUser(c, account);
        return text == null ? null : lockedIn(text);
    }

    /**
     * Whether SHOW CREATE USER's text says the account is locked. MySQL always writes ACCOUNT LOCK or ACCOUNT
     * UNLOCK; MariaDB writes ACCOUNT LOCK only when it is locked.
     */
    static boolean lockedIn(String showCreateUser) {
        return showCreateUser.toUpperCase().matches("(?s).*\\bACCOUNT LOCK\\b.*");
    }

    private static String showCreateUser(Connection c, Account account) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW CREATE USER " + account.sql())) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            if (e.getErrorCode() == 1396 || e.getErrorCode() == 1133) { // ER_CANNOT_USER, ER_PASSWORD_NO_MATCH: no such account
                return null;
            }
            throw e;
        }
    }

    static void setLocked(Connection c, Dialect flavor, Account account, boolean lock) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(flavor.accountLock(account, lock));
        }
    }

    /** The sessions of these user names, except this connection's own. */
    static List<Long> sessionsOf(Connection c, Collection<String> users) throws SQLException {
        List<Long> ids = new ArrayList<>();
        if (users.isEmpty()) {
            return ids;
        }
        String marks = String.join(", ", users.stream().map(u -> "?").toList());
        try (PreparedStatement ps = c.prepareStatement("SELECT ID FROM information_schema.PROCESSLIST WHERE USER IN ("
            + marks + ") AND ID <> CONNECTION_ID()")) {
            int i = 1;
            for (String u : users) {
                ps.setString(i++, u);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    /** Ends a session; one that ended by itself meanwhile is no error. */
    static void kill(Connection c, Dialect flavor, long id, boolean rds) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(flavor.killSession(id, rds));
        } catch (SQLException e) {
            if (e.getErrorCode() != ER_NO_SUCH_THREAD) {
                throw e;
            }
        }
    }

    /** Whether the server has RDS's procedures (RDS MySQL, RDS MariaDB, Aurora MySQL): mysql.rds_kill is one. */
    static boolean isRds(Connection c) throws SQLException {
        return Queries.number(c, "SELECT COUNT(*) FROM information_schema.ROUTINES "
            + "WHERE ROUTINE_SCHEMA = 'mysql' AND ROUTINE_NAME = 'rds_kill'") > 0;
    }

    /** Sessions that are doing something (not sleeping, not replication), as "id user@host: command for N s: statement". */
    static List<String> busySessions(Connection c, long olderThanSeconds) throws SQLException {
        List<String> busy = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ID, USER, HOST, COMMAND, TIME, LEFT(INFO, 80) FROM "
            + "information_schema.PROCESSLIST WHERE COMMAND NOT IN ('Sleep', 'Daemon', 'Binlog Dump', 'Binlog Dump GTID', "
            + "'Slave_IO', 'Slave_SQL', 'Slave_worker', 'Connect') AND USER NOT IN ('system user', 'event_scheduler') "
            + "AND ID <> CONNECTION_ID() AND TIME >= ?")) {
            ps.setLong(1, olderThanSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    busy.add(rs.getLong(1) + " " + rs.getString(2) + "@" + rs.getString(3) + ": " + rs.getString(4)
                        + " for " + rs.getLong(5) + " s" + (rs.getString(6) == null ? "" : ": " + rs.getString(6)));
                }
            }
        }
        return busy;
    }

    /** InnoDB transactions open longer than the given seconds, as "thread id: N s". */
    static List<String> longTransactions(Connection c, long olderThanSeconds) throws SQLException {
        List<String> open = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT trx_mysql_thread_id, TIMESTAMPDIFF(SECOND, trx_started, NOW()) "
            + "FROM information_schema.INNODB_TRX WHERE trx_started <= NOW() - INTERVAL ? SECOND")) {
            ps.setLong(1, olderThanSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    open.add("session " + rs.getLong(1) + ": open for " + rs.getLong(2) + " s");
                }
            }
        }
        return open;
    }

    /**
     * Locks or unlocks accounts. MySQL's super_read_only refuses ALTER USER even to SUPER, so it is lifted for the
     * change (read_only stays on, which holds the application back) and put back.
     */
    static void setLocked(Connection c, Dialect flavor, List<String> accounts, boolean lock) throws SQLException {
        if (accounts.isEmpty()) {
            return;
        }
        ReadOnly was = readOnly(c, flavor);
        if (was.superReadOnly()) {
            setReadOnly(c, flavor, new ReadOnly(true, false), Duration.ofSeconds(30));
        }
        try {
            for (String account : accounts) {
                setLocked(c, flavor, Account.parse(account), lock);
            }
        } finally {
            if (was.superReadOnly()) {
                setReadOnly(c, flavor, was, Duration.ofSeconds(30));
            }
        }
    }
}
