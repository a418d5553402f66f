package offramp.pipeline;

import offramp.copy.JournalTrust;
import offramp.server.Connections;
import offramp.server.Endpoint;
import offramp.server.ServerIdentity;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The journal is trusted only for the target it was written for: the first run records the target's identity,
 * a rerun compares it, and once the copy is done the target must still hold the tables the copy recorded (a
 * MariaDB target rebuilt on the same host, port and server_id is told apart by nothing else), with at least
 * their rows until replication is configured. Once it replicates, its rows move with the source.
 */
final class TargetTrust {

    private TargetTrust() {
    }

    static void require(Journal journal, Endpoint target, Path workDir) throws Exception {
        try (Connection t = Connections.open(target)) {
            ServerIdentity now = ServerIdentity.read(t, target.uri());
            JsonNode recorded = journal.fact("target-server");
            if (recorded.isMissingNode()) {
                journal.note("target-server", now);
                return;
            }
            List<String> changes = new ArrayList<>(now.changesSince(Journal.as(recorded, ServerIdentity.class), "target"));
            if (journal.done("copy")) {
                boolean replicating = !journal.fact("replication-configured").isMissingNode() || journal.done("replicate");
                Map<String, Long> rows = new LinkedHashMap<>();
                journal.outputs("copy").path("tables").fields().forEachRemaining(e -> rows.put(e.getKey(),
                    replicating ? 0 : e.getValue().asLong()));
                changes.addAll(JournalTrust.tableChanges(rows, JournalTrust.rowsOn(t, rows)));
            }
            JournalTrust.require(workDir, changes);
        }
    }
}
