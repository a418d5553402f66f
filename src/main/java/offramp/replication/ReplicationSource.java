package offramp.replication;

import offramp.binlog.BinlogCoordinates;
import offramp.server.Secret;

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
