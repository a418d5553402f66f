package offramp.copy;

import offramp.catalog.ClientCharset;
import offramp.server.Connections;
import offramp.server.Endpoint;
import offramp.work.Closing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Connections to the target that send statement text in a given client character set. A stored program keeps
 * the {@code character_set_client} it was created with, and the server reads its text in it: a body created
 * under {@code SET NAMES latin1} must reach the target as latin1 bytes, not as UTF-8 bytes relabelled latin1.
 * One connection per character set, opened with the Java encoding the driver maps to it.
 */
final class ClientCharsetConnections implements AutoCloseable {

    private final Endpoint target;
    private final Connection lookup;
    private final Sessions.Loading loading;
    private final long lockWaitSeconds;
    private final Map<String, Connection> byCharset = new HashMap<>();

    /**
     * @param lookup an open connection to the target, to read its collation ids
     * @param loading how these sessions load
     * @param lockWaitSeconds how long their DDL waits for a metadata lock before it gives up
     */
    ClientCharsetConnections(Endpoint target, Connection lookup, Sessions.Loading loading, long lockWaitSeconds) {
        this.target = target;
        this.lookup = lookup;
        this.loading = loading;
        this.lockWaitSeconds = lockWaitSeconds;
    }

    /** A connection whose statement text arrives in {@code charset}, with the copy's session settings. */
    Connection forCharset(String charset) throws SQLException {
        String key = charset.toLowerCase();
        Connection c = byCharset.get(key);
        if (c == null) {
            c = Connections.openWithEncoding(target, ClientCharset.javaEncoding(lookup, key));
            try {
                loading.apply(c);
                Sessions.boundLockWaits(c, lockWaitSeconds);
            } catch (SQLException | RuntimeException e) {
                Closing.after(e, c);
                throw e;
            }
            byCharset.put(key, c);
        }
        return c;
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (Connection c : byCharset.values()) {
            try {
                c.close();
            } catch (SQLException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
