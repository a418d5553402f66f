package offramp.server;

/**
 * What a replica is told about its source, in plain values: where it is, who to log in as, where to start, and
 * how to keep the connection.
 *
 * @param host                how the replica reaches the source
 * @param port                the source's port
 * @param user                the replication user
 * @param password            its password
 * @param logFile             the binlog file to start from; ignored with {@code autoPosition}
 * @param logPosition         the position in that file
 * @param autoPosition        MySQL with GTIDs: start after the replica's GTID state instead
 * @param tls                 TLS of the channel
 * @param connectRetrySeconds seconds between reconnection attempts; 0 leaves the server's default
 * @param heartbeatSeconds    heartbeat period; 0 leaves the server's default
 */
public record SourceChannel(String host, int port, String user, Secret password, String logFile, long logPosition,
                            boolean autoPosition, ChannelTls tls, int connectRetrySeconds, double heartbeatSeconds) {
}
