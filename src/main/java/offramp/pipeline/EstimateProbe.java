package offramp.pipeline;

import offramp.binlog.BinlogCoordinates;
import offramp.catalog.SystemSchemas;
import offramp.replication.Replica;
import offramp.server.BinlogRetention;
import offramp.server.Queries;
import offramp.server.ServerInfo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * Reads what {@link RunEstimate} needs from the live source: its data size, its binlog growth over a short look
 * (the bytes between two positions a few seconds apart, across files), and its binlog retention.
 */
final class EstimateProbe {

    private EstimateProbe() {
    }

    static RunEstimate measure(Connection source, Config.Estimate settings, Duration look, Duration snapshot)
        throws SQLException, InterruptedException {
        ServerInfo info = ServerInfo.read(source);
        long data;
        try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(DATA_LENGTH + "
            + "INDEX_LENGTH), 0) FROM information_schema.TABLES WHERE TABLE_SCHEMA NOT IN (" + SystemSchemas.sqlList() + ")")) {
            Queries.requireRow(rs, "the data size (information_schema.TABLES)");
            data = rs.getLong(1);
        }
        long started = System.nanoTime();
        BinlogCoordinates from = Replica.currentPosition(source);
        Thread.sleep(look.toMillis());
        BinlogCoordinates to = Replica.currentPosition(source);
        double seconds = (System.nanoTime() - started) / 1e9;
        double writeRate = bytesBetween(info.binaryLogs(source), from, to) / seconds;
        long retention = BinlogRetention.read(source, info.dialect()).seconds();
        return new RunEstimate(data, mib(settings.copyMibS(), DEFAULT_COPY_MIB_S), mib(settings.verifyMibS(), DEFAULT_VERIFY_MIB_S),
            writeRate, mib(settings.applyMibS(), DEFAULT_APPLY_MIB_S), snapshot, Math.max(retention, 0));
    }

    /** Binlog bytes from one position to a later one, through the files between them. */
    static long bytesBetween(List<ServerInfo.BinaryLogFile> files, BinlogCoordinates from, BinlogCoordinates to) {
        if (from.file().equals(to.file())) {
            return Math.max(0, to.position() - from.position());
        }
        long bytes = 0;
        boolean counting = false;
        for (ServerInfo.BinaryLogFile f : files) {
            if (f.name().equals(from.file())) {
                bytes += f.size() - from.position();
                counting = true;
            } else if (f.name().equals(to.file())) {
                return bytes + to.position();
            } else if (counting) {
                bytes += f.size();
            }
        }
        return bytes;
    }

    /**
     * Rates measured on a 2-core machine, rounded down, in the units the estimate divides (the source's data and
     * indexes on disk): bench/copy --pin --durable, the target server alone on a core, durable and binlog on, copied
     * 4 x 2M sysbench rows (1863 MiB) at 43.5 MiB/s and 4 x 500k (469 MiB) at 48 MiB/s; bench/checksum compared 117
     * MiB/s per side; bench/catchup applied 30 MiB/s of binlog with offramp's parallel workers (6.5 single-threaded).
     * Give your own in the configuration's {@code estimate:}.
     */
    static final double DEFAULT_COPY_MIB_S = 40;
    static final double DEFAULT_VERIFY_MIB_S = 100;
    static final double DEFAULT_APPLY_MIB_S = 10;

    private static double mib(Double configured, double otherwise) {
        return (configured == null ? otherwise : configured) * 1048576;
    }
}
