package offramp.copy;

import offramp.catalog.Chunk;
import offramp.catalog.ChunkPlanner;
import offramp.catalog.ColumnSpec;
import offramp.catalog.TableSpec;
import offramp.server.Connections;
import offramp.server.Endpoint;
import offramp.work.Closing;
import com.mysql.cj.jdbc.JdbcStatement;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Copies one chunk: streams its rows from the source and loads them into the target with LOAD DATA LOCAL INFILE
 * from memory. One copier per worker, holding one connection to each server.
 */
final class ChunkCopier implements AutoCloseable {

    /** What one chunk moved. */
    record Moved(long rows, long bytes) {
    }

    private static final int ER_WARN_DATA_TRUNCATED = 1265;
    private static final int ER_LOCK_DEADLOCK = 1213;
    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    private static final int MAX_ATTEMPTS = 20;
    /** The read-ahead between the source and a load: 8 blocks of 1 MiB at most per worker. */
    private static final int READ_AHEAD_BLOCK = 1 << 20;
    private static final int READ_AHEAD_BLOCKS = 8;

    private final Connection source;
    private final Connection target;
    private final LongConsumer streamed;
    private StallWatch watch;

    private ChunkCopier(Connection source, Connection target, LongConsumer streamed) {
        this.source = source;
        this.target = target;
        this.streamed = streamed;
    }

    /**
     * Opens a copier's connections and sets up their sessions; what it opened is closed again when a step fails.
     *
     * @param streamed told of the bytes as the target takes them: the loads' heartbeat
     * @param loading  how the target's session loads
     */
    static ChunkCopier open(Endpoint from, Endpoint to, LongConsumer streamed, Sessions.Loading loading) throws SQLException {
        Connection source = Connections.openForLongWork(from);
        Connection target = null;
        try {
            target = Connections.openForLoading(to);
            Sessions.forStreaming(source);
            loading.apply(target);
            return new ChunkCopier(source, target, streamed);
        } catch (SQLException | RuntimeException e) {
            Closing.after(e, source, target);
            throw e;
        }
    }

    /** Lets the watchdog report this copier's target session and abort both connections on a stall. */
    void watchedBy(StallWatch stallWatch) throws SQLException {
        this.watch = stallWatch;
        stallWatch.watch(source, false);
        stallWatch.watch(target, true);
    }

    /**
     * Copies a chunk, again when InnoDB chose its load as a deadlock victim: loads into one table share its
     * AUTO-INC lock and take gap locks, and a rolled-back LOAD DATA leaves nothing behind.
     *
     * @param clearFirst delete what an interrupted earlier run may have loaded into this chunk's range
     */
    Moved copy(TableSpec table, Chunk chunk, boolean clearFirst) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return copyOnce(table, chunk, clearFirst);
            } catch (SQLException e) {
                boolean retry = (e.getErrorCode() == ER_LOCK_DEADLOCK || e.getErrorCode() == ER_LOCK_WAIT_TIMEOUT)
                    && attempt < MAX_ATTEMPTS;
                if (!retry) {
                    throw e;
                }
                try {
                    Thread.sleep(50L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private Moved copyOnce(TableSpec table, Chunk chunk, boolean clearFirst) throws SQLException {
        List<ColumnSpec> key = table.chunkKey();
        String condition = chunk.range().condition(key);
        List<String> parameters = chunk.range().parameters(key);
        if (clearFirst) {
            try (PreparedStatement delete = target.prepareStatement("DELETE FROM " + table.qualified() + " WHERE " + condition)) {
                ChunkPlanner.bind(delete, parameters);
                delete.executeUpdate();
            }
        }
        RowFormat format = new RowFormat(table.storedColumns());
        try (PreparedStatement select = source.prepareStatement(format.select(table.qualified(), condition),
            ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            select.setFetchSize(Integer.MIN_VALUE); // stream rows; never hold the chunk in memory
            ChunkPlanner.bind(select, parameters);
            try (ResultSet rows = select.executeQuery(); Statement load = target.createStatement()) {
                LoadDataStream stream = new LoadDataStream(LoadDataStream.Rows.of(rows), format.columnCount(), streamed);
                long loaded;
                try (ReadAhead ahead = new ReadAhead(stream, READ_AHEAD_BLOCK, READ_AHEAD_BLOCKS, "read-ahead " + table.id())) {
                    load.unwrap(JdbcStatement.class).setLocalInfileInputStream(ahead);
                    loaded = load.executeLargeUpdate(format.loadData(table.qualified()));
                } catch (IOException e) {
                    throw new SQLException("reading ahead of the load of " + table.id() + " failed: " + e.getMessage(), e);
                }
                List<String> warnings = warnings(load.getWarnings(), table);
                if (!warnings.isEmpty()) {
                    throw new SQLException("loading " + table.id() + " chunk " + chunk.number() + " changed values: "
                        + String.join("; ", warnings));
                }
                if (loaded != stream.rows()) {
                    throw new SQLException("loading " + table.id() + " chunk " + chunk.number() + " read "
                        + stream.rows() + " rows from the source but the target took " + loaded);
                }
                return new Moved(loaded, stream.bytes());
            }
        }
    }

    /**
     * The load's warnings: any of them means a value did not arrive as it left. One is not: an ENUM's empty
     * error value (index 0, what a non-strict server stores for an invalid value) can only be written back with
     * the same "data truncated" warning, and the target's ENUM is the source's, so nothing else can cause it.
     */
    private static List<String> warnings(SQLWarning first, TableSpec table) {
        List<String> all = new ArrayList<>();
        for (SQLWarning w = first; w != null && all.size() < 5; w = w.getNextWarning()) {
            String message = w.getMessage();
            boolean enumErrorValue = w.getErrorCode() == ER_WARN_DATA_TRUNCATED && table.columns().stream()
                .anyMatch(c -> c.dataType().equals("enum") && message.contains("column '" + c.name() + "'"));
            if (!enumErrorValue) {
                all.add(w.getErrorCode() + " " + message);
            }
        }
        return all;
    }

    @Override
    public void close() throws SQLException {
        if (watch != null) {
            watch.forget(source);
            watch.forget(target);
        }
        try {
            source.close();
        } catch (SQLException e) {
            Closing.after(e, target);
            throw e;
        }
        target.close();
    }
}
