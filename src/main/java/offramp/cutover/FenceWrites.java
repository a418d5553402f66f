package offramp.cutover;

import offramp.binlog.BinlogCoordinates;
import offramp.binlog.RowChangeReader;
import offramp.server.Endpoint;

import java.io.IOException;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the old primary's binlog says was written after the fence. Aurora and RDS write rows of their own
 * ({@code mysql.rds_heartbeat2} and other {@code mysql.rds_*} tables) while the application is fenced: those are
 * harmless. Any other row or statement is a writer the fence did not stop.
 */
final class FenceWrites implements RowChangeReader.Changes {

    /** A statement-format write to a table of the mysql schema whose name begins with rds_. */
    private static final Pattern HEARTBEAT_STATEMENT = Pattern.compile(
        "(?is)\\s*(?:INSERT|REPLACE|UPDATE|DELETE)\\s+(?:LOW_PRIORITY\\s+|IGNORE\\s+|QUICK\\s+|DELAYED\\s+)*"
            + "(?:INTO\\s+|FROM\\s+)?`?mysql`?\\s*\\.\\s*`?(rds_\\w+)`?(?:\\s|\\(|$).*");
    /** Accounts whose sessions are the server's own (RDS's and Aurora's administrator writes the heartbeats). */
    static final Set<String> SERVER_ACCOUNTS = Set.of("rdsadmin", "system user");

    /** The mysql.rds_* tables written, as schema.table. */
    final Set<String> heartbeats = new TreeSet<>();
    /** Every other write: tables as `schema`.`table`, statements with their head. */
    final Set<String> others = new TreeSet<>();

    /** Whether a table is one of the server's own (RDS, Aurora): the mysql schema's rds_* tables. */
    static boolean heartbeatTable(String schema, String table) {
        return schema != null && table != null && schema.equalsIgnoreCase("mysql")
            && table.toLowerCase(Locale.ROOT).startsWith("rds_");
    }

    /** The heartbeat table a statement-format write names (mysql.rds_...), or null when it writes anything else. */
    static String heartbeatStatement(String sql) {
        Matcher m = HEARTBEAT_STATEMENT.matcher(sql);
        return m.matches() ? "mysql." + m.group(1) : null;
    }

    /** Reads the source's binlog between two positions. */
    static FenceWrites between(Endpoint source, BinlogCoordinates from, BinlogCoordinates to) throws IOException {
        FenceWrites writes = new FenceWrites();
        new RowChangeReader(source).read(from, to, writes);
        return writes;
    }

    @Override
    public void rows(String schema, String table, long serverId, BinlogCoordinates end, BitSet included,
                     List<Serializable[]> images) {
        if (heartbeatTable(schema, table)) {
            heartbeats.add(schema + "." + table);
        } else {
            others.add("`" + schema + "`.`" + table + "`");
        }
    }

    @Override
    public void statement(String schema, String sql, long serverId, BinlogCoordinates end) {
        String heartbeat = heartbeatStatement(sql);
        if (heartbeat != null) {
            heartbeats.add(heartbeat);
        } else {
            String head = sql.strip().replaceAll("\\s+", " ");
            others.add("statement '" + (head.length() > 60 ? head.substring(0, 60) + "..." : head) + "'"
                + (schema == null || schema.isEmpty() ? "" : " in " + schema));
        }
    }

    /**
     * The sessions that could write, as "id user@host (command)": all but this connection, those of offramp's own
     * account, the server's own (replication dumps, RDS's administrator, system threads).
     */
    static List<String> otherSessions(Connection c, String offrampUser) throws SQLException {
        List<String> sessions = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ID, USER, HOST, COMMAND FROM information_schema.PROCESSLIST "
            + "WHERE ID <> CONNECTION_ID() AND USER <> ? AND COMMAND NOT IN ('Binlog Dump', 'Binlog Dump GTID', 'Daemon') "
            + "ORDER BY ID")) {
            ps.setString(1, offrampUser);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!SERVER_ACCOUNTS.contains(rs.getString(2))) {
                        sessions.add(rs.getLong(1) + " " + rs.getString(2) + "@" + rs.getString(3) + " (" + rs.getString(4) + ")");
                    }
                }
            }
        }
        return sessions;
    }
}
