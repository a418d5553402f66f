package offramp.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which server a journal was written against: the address offramp reached it at, its {@code server_uuid} and its
 * {@code server_id}. MySQL writes a new {@code server_uuid} into {@code auto.cnf} when a data directory is
 * created, so a rebuilt MySQL server is told apart from a restarted one (which keeps its uuid). MariaDB has no
 * {@code server_uuid}; a MariaDB server rebuilt on the same host, port and {@code server_id} looks the same
 * here, which is why a journal also records what it made on the target (its tables and their rows) and checks
 * that again.
 *
 * @param address    host:port as offramp reaches it
 * @param serverUuid {@code @@server_uuid}; null on servers that have none (MariaDB)
 * @param serverId   {@code @@server_id}
 */
public record ServerIdentity(String address, String serverUuid, long serverId) {

    public static ServerIdentity read(Connection c, ServerUri uri) throws SQLException {
        String host = uri.host().contains(":") ? "[" + uri.host() + "]" : uri.host();
        return Queries.one(c, ServerInfo.read(c).dialect().serverIdentityQuery(), rs -> new ServerIdentity(host + ":" + uri.port(),
            rs.getString(2) == null || rs.getString(2).isBlank() ? null : rs.getString(2), rs.getLong(1)));
    }

    /**
     * What differs between the servers a record (a journal) was written against and the servers reached now, by
     * role, in the order of {@code now}; a role with no recorded identity (a record older than that role's) is not
     * compared. Empty when they are the same servers.
     */
    public static List<String> changes(Map<String, ServerIdentity> recorded, Map<String, ServerIdentity> now) {
        List<String> changes = new ArrayList<>();
        now.forEach((role, identity) -> {
            ServerIdentity before = recorded.get(role);
            if (before != null) {
                changes.addAll(identity.changesSince(before, role));
            }
        });
        return changes;
    }

    /** What differs from the identity recorded earlier, in the DBA's words; empty when it is the same server. */
    public List<String> changesSince(ServerIdentity recorded, String role) {
        List<String> changes = new ArrayList<>();
        if (!address.equals(recorded.address)) {
            changes.add("the " + role + " was " + recorded.address + " and is now " + address);
        }
        if (recorded.serverUuid != null && !Objects.equals(serverUuid, recorded.serverUuid)) {
            changes.add("the " + role + "'s server_uuid was " + recorded.serverUuid + " and is now " + serverUuid
                + " (a new data directory)");
        }
        if (serverId != recorded.serverId) {
            changes.add("the " + role + "'s server_id was " + recorded.serverId + " and is now " + serverId);
        }
        return changes;
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
        return address + " (server_id " + serverId + (serverUuid == null ? "" : ", server_uuid " + serverUuid) + ")";
    }
}
