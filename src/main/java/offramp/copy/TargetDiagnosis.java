package offramp.copy;

import offramp.server.Connections;
import offramp.server.Dialect;
import offramp.server.Endpoint;
import offramp.text.Units;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the target's sessions of a copy are doing, and how full its redo log is: what a DBA needs to see when
 * the copy stops moving. Read on a connection of its own, with bounded waits.
 */
final class TargetDiagnosis {

    private static final Pattern LSN = Pattern.compile("Log sequence number\\s+(\\d+)");
    private static final Pattern CHECKPOINT = Pattern.compile("Last checkpoint at\\s+(\\d+)");

    private TargetDiagnosis() {
    }

    /** The processlist rows of {@code sessions} and the checkpoint age against the redo log's capacity. */
    static String describe(Endpoint target, Dialect flavor, Collection<Long> sessions) {
        try (Connection c = Connections.open(target)) {
            List<String> lines = new ArrayList<>();
            if (!sessions.isEmpty()) {
                String ids = sessions.stream().map(String::valueOf).collect(Collectors.joining(","));
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT ID, COMMAND, TIME, STATE, LEFT(INFO, 100) FROM information_schema.PROCESSLIST WHERE ID IN (" + ids
                        + ") ORDER BY ID")) {
                    while (rs.next()) {
                        lines.add("session " + rs.getLong(1) + ": " + rs.getString(2) + " for " + rs.getLong(3) + " s, state '"
                            + rs.getString(4) + "': " + (rs.getString(5) == null ? "" : rs.getString(5).replaceAll("\\s+", " ")));
                    }
                }
            }
            lines.add(checkpointAge(c, flavor));
            return String.join("\n  ", lines);
        } catch (SQLException e) {
            return "the target could not be asked what it is doing: " + e.getMessage();
        }
    }

    /** "InnoDB checkpoint age N MiB of the redo log's M MiB". */
    static String checkpointAge(Connection c, Dialect flavor) throws SQLException {
        String status;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW ENGINE INNODB STATUS")) {
            status = rs.next() ? rs.getString("Status") : "";
        }
        Matcher lsn = LSN.matcher(status);
        Matcher checkpoint = CHECKPOINT.matcher(status);
        long capacity = redoCapacity(c, flavor);
        if (!lsn.find() || !checkpoint.find()) {
            return "InnoDB checkpoint age: not in SHOW ENGINE INNODB STATUS; redo log capacity " + Units.bytes(capacity);
        }
        long age = Long.parseLong(lsn.group(1)) - Long.parseLong(checkpoint.group(1));
        return String.format("InnoDB checkpoint age %s of the redo log's %s (%.0f%%)%s", Units.bytes(age), Units.bytes(capacity),
            capacity > 0 ? age * 100.0 / capacity : 0,
            capacity > 0 && age * 10 >= capacity * 7 ? ": the redo log is full, so the target waits for page flushing; "
                + flavor.raiseRedoCapacity(Math.max(capacity * 4, 1L << 30)) : "");
    }

    /** The redo log's capacity in bytes, or 0 when no query for it works. */
    static long redoCapacity(Connection c, Dialect flavor) {
        for (String query : flavor.redoCapacityQueries()) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            } catch (SQLException tryNext) {
                // an older version without this variable
            }
        }
        return 0;
    }
}
