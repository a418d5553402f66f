package offramp.verify.live;

import offramp.catalog.Chunk;
import offramp.catalog.TableSpec;
import offramp.verify.DifferingRows;
import offramp.verify.RepairSql;
import offramp.verify.RowDiff;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a differing chunk that differ ({@link RowDiff}: missing, extra, changed with the columns that differ),
 * with the statements that would repair them ({@link RepairSql}, read from the source at the compared point). When
 * more rows differ than the limit, a last object says so: {@code {"table": ..., "chunk": ..., "more": true}}.
 */
public final class RowDiffFindings implements RowFindings {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Found of(Connection source, Connection replica, TableSpec table, Chunk chunk, int limit) throws SQLException {
        DifferingRows differing = RowDiff.of(source, replica, table, chunk, limit);
        if (differing.identical()) {
            return Found.NOTHING;
        }
        List<JsonNode> rows = new ArrayList<>();
        differing.rows().forEach(r -> rows.add(JSON.valueToTree(r)));
        if (differing.more()) {
            ObjectNode more = JSON.createObjectNode();
            more.put("table", table.id());
            more.put("chunk", chunk.number());
            more.put("more", true);
            rows.add(more);
        }
        return new Found(rows, RepairSql.statements(source, table, differing.rows()));
    }
}
