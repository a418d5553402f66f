package offramp.copy;

import offramp.catalog.ReadingSession;
import offramp.server.Dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Session settings that make streaming and loading exact, the same on every connection of a copy. */
public final class Sessions {

    private Sessions() {
    }

    /** For raw row bytes: everything of {@link ReadingSession#apply}, and results in the columns' own character sets. */
    public static void forStreaming(Connection c) throws SQLException {
        ReadingSession.apply(c);
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION character_set_results = NULL");
        }
    }

    /**
     * How a copy's sessions on the target load, decided once per copy.
     *
     * @param logBin whether the loads go into the target's binlog
     */
    public record Loading(boolean logBin) {

        /**
         * Sets up a session: UTC, no foreign key checks during the load (the source already enforced them; the
         * foreign keys are added after the rows), zero dates and a zero AUTO_INCREMENT value kept as they are; and,
         * unless {@code logBin}, nothing written to the target's binlog (the initial load is not a transaction of the
         * target's own: replication starts after it).
         *
         * <p>{@code unique_checks} stays on. The tables are loaded with their primary keys only, so it would spare no
         * check; and off, with foreign key checks off, it sends the first load into an empty table down MariaDB's
         * bulk-insert path (10.7.2 and later), which on sysbench rows in key order costs the target about twice the
         * CPU per row of the ordinary path (10.11.19: 2.9 against 1.5 CPU seconds for 500k rows) and, before
         * MDEV-34703's fix, writes the clustered index to temporary files and aborts when tmpdir fills.
         */
        public void apply(Connection c) throws SQLException {
            ReadingSession.apply(c);
            try (Statement s = c.createStatement()) {
                s.execute("SET SESSION foreign_key_checks = 0, unique_checks = 1, "
                    + "sql_mode = 'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION'");
                if (!logBin) {
                    s.execute("SET SESSION sql_log_bin = 0");
                }
            }
        }
    }

    /**
     * DDL and loads on this session give up after {@code seconds} waiting for a metadata lock another session holds
     * (a backup's FLUSH TABLES WITH READ LOCK, a long transaction), as a stalled load does, instead of the server's
     * default of a year.
     */
    public static void boundLockWaits(Connection c, long seconds) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION lock_wait_timeout = " + seconds);
        }
    }

    /**
     * Whether the connection's user may keep its session's writes out of the binlog ({@code sql_log_bin = 0}:
     * SUPER, or BINLOG ADMIN on MariaDB, SYSTEM_VARIABLES_ADMIN or SESSION_VARIABLES_ADMIN on MySQL 8).
     */
    public static boolean maySkipBinlog(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            s.execute("SET SESSION sql_log_bin = 1");
            return true;
        } catch (SQLException e) {
            if (e.getErrorCode() == ER_SPECIFIC_ACCESS_DENIED || e.getErrorCode() == ER_SPECIFIC_ACCESS_DENIED_8) {
                return false;
            }
            throw e;
        }
    }

    /** What follows when the copy's writes must go into the target's binlog, and the fix. */
    public static String binlogWarning(String user, Dialect flavor) {
        String grant = flavor.skipBinlogGrant(user);
        return "the target user " + user + " may not set sql_log_bin, so the copy's writes go into the target's binlog "
            + "(about as many bytes as the data) and, on a target with GTIDs, become transactions of the target's own "
            + "that the source never wrote (errant GTIDs that break a later failover); " + grant
            + ", or pass --log-bin-copy (copy: { log-bin: true }) to accept this";
    }

    static final int ER_SPECIFIC_ACCESS_DENIED = 1227;
    static final int ER_SPECIFIC_ACCESS_DENIED_8 = 3630;
}
