package offramp.replication;

import offramp.server.Queries;
import offramp.server.ServerInfo;
import offramp.server.ServerUri;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Whether a replica starts by GTID auto-position: when the clone's recorded GTID state is a MySQL
 * {@code gtid_executed} and the source runs with GTIDs on, the replica purges that set and auto-positions;
 * otherwise it starts from the binlog file and position.
 */
public final class GtidAutoPosition {

    /** The name MySQL gives the GTID state that auto-position continues from. */
    static final String MYSQL_GTID_STATE = "gtid_executed";

    private GtidAutoPosition() {
    }

    /**
     * The GTID set the replica purges before it auto-positions, or null to start from file and position. Reads the
     * source's gtid_mode only when the clone's state could be used; a failure to read it is an error naming the
     * source, never a "GTIDs off".
     */
    public static String gtidToPurge(String cloneStateName, String cloneState, Connection source, ServerUri sourceUri)
        throws SQLException {
        return usable(cloneStateName) && gtidsOn(source, sourceUri) ? cloneState : null;
    }

    /** Whether the clone's GTID state is one auto-position can continue from. */
    static boolean usable(String cloneStateName) {
        return MYSQL_GTID_STATE.equals(cloneStateName);
    }

    /** Whether {@code gtid_mode} is ON (or ON_PERMISSIVE) on the source. */
    static boolean gtidsOn(Connection source, ServerUri sourceUri) throws SQLException {
        try {
            return on(Queries.string(source, ServerInfo.read(source).dialect().gtidModeQuery()));
        } catch (SQLException e) {
            throw new SQLException("cannot read gtid_mode on the source " + sourceUri + ", so offramp cannot tell whether "
                + "the replica may auto-position: " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
        }
    }

    /** ON and ON_PERMISSIVE log GTIDs for every transaction; OFF and OFF_PERMISSIVE do not. */
    static boolean on(String gtidMode) {
        return gtidMode != null && gtidMode.startsWith("ON");
    }
}
