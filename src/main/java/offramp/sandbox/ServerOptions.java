package offramp.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * How a local server runs: binary logging always on, under a base name relative to the data directory (so a
 * copy of the directory carries its own binlog index and never points back at the original's files).
 *
 * @param binlogBaseName  e.g. {@code mysql-bin-changelog}, Aurora's name
 * @param serverId        {@code server_id}
 * @param binlogFormat    ROW, STATEMENT or MIXED
 * @param binlogChecksum  NONE or CRC32
 * @param bufferPoolMb    InnoDB buffer pool size in MiB
 * @param extra           further server options, e.g. {@code --max-binlog-size=1G}
 */
public record ServerOptions(String binlogBaseName, long serverId, String binlogFormat, String binlogChecksum,
                            int bufferPoolMb, List<String> extra) {

    public static ServerOptions defaults() {
        return new ServerOptions("mysql-bin-changelog", 1, "ROW", "CRC32", 64, List.of());
    }

    public ServerOptions withServerId(long id) {
        return new ServerOptions(binlogBaseName, id, binlogFormat, binlogChecksum, bufferPoolMb, extra);
    }

    public ServerOptions withFormat(String format, String checksum) {
        return new ServerOptions(binlogBaseName, serverId, format, checksum, bufferPoolMb, extra);
    }

    public ServerOptions with(String... options) {
        List<String> more = new ArrayList<>(extra);
        more.addAll(List.of(options));
        return new ServerOptions(binlogBaseName, serverId, binlogFormat, binlogChecksum, bufferPoolMb, more);
    }
}
