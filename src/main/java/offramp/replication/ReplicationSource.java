package offramp.replication;

import offramp.binlog.BinlogCoordinates;
import offramp.server.ChannelTls;
import offramp.server.Secret;
import offramp.server.ServerUri;
import offramp.server.SourceChannel;

/**
 * Where and how a replica connects to its source.
 *
 * @param host               how the replica reaches the source (may differ from how offramp reaches it)
 * @param port               the source's port
 * @param user               the replication user
 * @param password           its password
 * @param at                 the proven coordinates to start from; ignored with {@code autoPosition}
 * @param tls                TLS for the replication channel
 * @param connectRetrySeconds seconds between reconnection attempts
 * @param heartbeatSeconds   heartbeat period; 0 leaves the server's default
 * @param autoPosition       MySQL with GTIDs: start from the GTID state instead of file and position
 */
public record ReplicationSource(String host, int port, String user, Secret password, BinlogCoordinates at, ChannelTls tls,
                                int connectRetrySeconds, double heartbeatSeconds, boolean autoPosition) {

    /**
     * How the replica reaches the source: offramp's own address for it, unless {@code sourceHost} (HOST or
     * HOST:PORT) says otherwise; a sourceHost without a port keeps the source's port.
     */
    public record Address(String host, int port) {
        public static Address of(ServerUri source, String sourceHost) {
            if (sourceHost == null || sourceHost.isBlank()) {
                return new Address(source.host(), source.port());
            }
            ServerUri reached = ServerUri.parse("u@" + sourceHost);
            return new Address(reached.host(), sourceHost.matches(".*:\\d+$") ? reached.port() : source.port());
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** What the replica is told: the same values, plain. */
    public SourceChannel channel() {
        return new SourceChannel(host, port, user, password, at.file(), at.position(), autoPosition, tls,
            connectRetrySeconds, heartbeatSeconds);
    }
}
