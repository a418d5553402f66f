package offramp.replication;

import offramp.server.Flavor;
import offramp.server.ServerInfo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Who a server is, whatever address it was reached by: two URIs may name one server (an alias, a load balancer,
 * 127.0.0.1 and localhost), its server_id and server_uuid do not change with them.
 *
 * @param uri        how offramp reached it, for messages
 * @param serverId   {@code @@server_id}
 * @param serverUuid {@code @@server_uuid}; null on MariaDB, which has none
 */
public record ServerIdentity(String uri, long serverId, String serverUuid) {

    public static ServerIdentity read(Connection c, String uri) throws SQLException {
        Flavor flavor = ServerInfo.read(c).flavor();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(flavor.serverIdentityQuery())) {
            rs.next();
            String uuid = rs.getString(2);
            return new ServerIdentity(uri, rs.getLong(1), uuid == null || uuid.isBlank() ? null : uuid);
        }
    }

    /**
     * What this server and {@code other} share that makes them one server, or at least unfit to replicate
     * between (a replica skips every event written under its own server_id); null when they share nothing.
     */
    public String sharedWith(ServerIdentity other) {
        if (serverUuid != null && serverUuid.equalsIgnoreCase(other.serverUuid)) {
            return "server_uuid " + serverUuid;
        }
        if (serverId == other.serverId) {
            return "server_id " + serverId;
        }
        return null;
    }

    @Override
    public String toString() {
        return uri + " (server_id " + serverId + (serverUuid == null ? "" : ", server_uuid " + serverUuid) + ")";
    }
}
