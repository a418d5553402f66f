package offramp.verify.live;

import offramp.binlog.BinlogCoordinates;
import offramp.server.Dialect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Opens a consistent read on the source together with the binlog position it matches, writing nothing.
 * MariaDB keeps that position for the session's snapshot ({@code binlog_snapshot_file} / {@code _position}): no lock.
 * MySQL and Aurora keep none, so a second session holds {@code LOCK TABLES ... READ} on the tables to be compared,
 * bounded by a short {@code lock_wait_timeout}, while the position is read and the snapshot opened: no transaction
 * on those tables is then in flight, so the snapshot holds exactly their transactions up to the position.
 */
final class SourceRead {

    static final String START_SNAPSHOT = "START TRANSACTION WITH CONSISTENT SNAPSHOT";
    /** A seam for the tests: take MySQL's path (the brief table lock) on MariaDB too, so that it runs end to end here. */
    static volatile boolean lockEverywhere;

    /**
     * @param at            the source binlog position the read matches
     * @param lockedMillis  how long writes to the tables were held (MySQL path: from the lock's request to its release), 0 without a lock
     */
    record Opened(BinlogCoordinates at, long lockedMillis) {
    }

    private SourceRead() {
    }

    /**
     * Opens the read on {@code reader}; the {@code locker} session is used only where the server needs the lock.
     *
     * @param tables          the tables the read will compare, quoted
     * @param lockWaitSeconds how long the lock may wait for running transactions before this attempt is given up
     */
    static Opened open(Connection reader, Connection locker, Dialect dialect, List<String> tables, int lockWaitSeconds)
        throws SQLException {
        String positionQuery = dialect.snapshotPositionQuery();
        if (positionQuery != null && !lockEverywhere) {
            execute(reader, START_SNAPSHOT);
            Map<String, String> status = new HashMap<>();
            try (Statement s = reader.createStatement(); ResultSet rs = s.executeQuery(positionQuery)) {
                while (rs.next()) {
                    status.put(rs.getString(1).toLowerCase(), rs.getString(2));
                }
            }
            String file = status.get("binlog_snapshot_file");
            if (file == null || file.isEmpty()) {
                throw new SQLException("the source keeps no binlog position for its consistent snapshot: its binary log is "
                    + "off (" + dialect.turnOnBinlogAdvice() + ")");
            }
            return new Opened(new BinlogCoordinates(file, Long.parseLong(status.get("binlog_snapshot_position"))), 0);
        }
        execute(locker, "SET SESSION lock_wait_timeout = " + Math.max(1, lockWaitSeconds));
        // Writers queue behind a waiting LOCK TABLES too: the stall it may cause is counted from the request.
        long locked = System.nanoTime();
        execute(locker, "LOCK TABLES " + tables.stream().map(t -> t + " READ").collect(Collectors.joining(", ")));
        BinlogCoordinates at;
        try {
            try (Statement s = locker.createStatement(); ResultSet rs = s.executeQuery(dialect.showBinaryLogStatus())) {
                if (!rs.next()) {
                    throw new SQLException("the source's binary log is off (" + dialect.turnOnBinlogAdvice() + ")");
                }
                at = new BinlogCoordinates(rs.getString(1), rs.getLong(2));
            }
            execute(reader, START_SNAPSHOT);
        } finally {
            execute(locker, "UNLOCK TABLES");
        }
        return new Opened(at, (System.nanoTime() - locked + 999_999) / 1_000_000); // a lock held at all counts as 1 ms
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
