package offramp.verify.live;

import offramp.catalog.Chunk;
import offramp.catalog.TableSpec;
import com.fasterxml.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Finds the rows of a differing chunk that differ, on two connections inside reads at the same point. */
public interface RowFindings {

    /**
     * @param rows   the differing rows, by key, as JSON objects
     * @param repair the statements that would bring the replica's rows in line
     */
    public record Found(List<JsonNode> rows, List<String> repair) {
        static final Found NOTHING = new Found(List.of(), List.of());
    }

    Found of(Connection source, Connection replica, TableSpec table, Chunk chunk, int limit) throws SQLException;

    /** No row-level findings: the chunk's difference alone. */
    RowFindings NONE = (source, replica, table, chunk, limit) -> Found.NOTHING;
}
