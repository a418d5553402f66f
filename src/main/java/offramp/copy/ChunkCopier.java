package offramp.copy;

import com.mysql.cj.jdbc.JdbcStatement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies one chunk: streams its rows from the source and loads them into the target with LOAD DATA LOCAL INFILE
 * from memory. One copier per worker, holding one connection to each server.
 */
final class ChunkCopier implements AutoCloseable {

    /** What one chunk moved. */
    record Moved(long rows, long bytes) {
    }

    private final Connection source;
    private final Connection target;

    ChunkCopier(Connection source, Connection target) throws SQLException {
        this.source = source;
        this.target = target;
        Sessions.forStreaming(source);
        Sessions.forLoading(target);
    }

    /**
     * @param clearFirst delete what an interrupted earlier run may have loaded into this chunk's range
     */
    Moved copy(TableSpec table, Chunk chunk, boolean clearFirst) throws SQLException {
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
                LoadDataStream stream = new LoadDataStream(rows, format.columnCount());
                load.unwrap(JdbcStatement.class).setLocalInfileInputStream(stream);
                long loaded = load.executeLargeUpdate(format.loadData(table.qualified()));
                List<String> warnings = warnings(load.getWarnings());
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

    private static List<String> warnings(SQLWarning first) {
        List<String> all = new ArrayList<>();
        for (SQLWarning w = first; w != null && all.size() < 5; w = w.getNextWarning()) {
            all.add(w.getErrorCode() + " " + w.getMessage());
        }
        return all;
    }

    @Override
    public void close() throws SQLException {
        try {
            source.close();
        } finally {
            target.close();
        }
    }
}
