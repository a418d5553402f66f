package offramp.replication;

import offramp.binlog.BinlogCoordinates;
import offramp.server.Secret;
import offramp.server.ServerUri;

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
public record ReplicationSource(String host, int port, String user, Secret password, BinlogCoordinates at, Tls tls,
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

    /** TLS of the replication channel: off, required, or required with the certificate checked. */
    public record Tls(Mode mode, String ca, String cert, String key) {
        public enum Mode { DISABLED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY }

        public static final Tls DISABLED = new Tls(Mode.DISABLED, null, null, null);

        public Tls {
            if ((mode == Mode.VERIFY_CA || mode == Mode.VERIFY_IDENTITY) && ca == null) {
                throw new IllegalArgumentException("TLS mode " + mode.name().toLowerCase().replace('_', '-')
                    + " needs the CA certificate that signed the source's (for RDS and Aurora: the RDS CA bundle)");
            }
        }
    }
}
