package offramp.snapshot;

import offramp.sandbox.DataDirectory;
import offramp.sandbox.LocalServer;
import offramp.sandbox.ServerBinaries;
import offramp.server.Connections;
import offramp.server.Endpoint;
import offramp.server.ServerUri;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The clone server offramp runs on a copy of a local source's data directory (the {@code local} and
 * {@code mariadb-backup} providers): started, found again or restarted after an interruption, and removed. It
 * runs without TLS and listens on loopback only; its state is what the journal keeps of it.
 */
final class CloneServer {

    private CloneServer() {
    }

    /** Removes a copy an interrupted run did not finish recording, stopping the server that may still run on it. */
    static void clearLeftover(Path copy) throws IOException {
        if (Files.exists(copy)) {
            LocalServer.stopByPidFile(copy);
            DataDirectory.delete(copy);
        }
    }

    /**
     * Starts the clone on {@code copy} and records it in {@code log}; {@code ours}: offramp made the copy. Its
     * server id is {@code serverId}, or the source's plus 1000 when that is null.
     */
    static Clone start(Endpoint source, Path copy, LocalSnapshot.SourceSettings settings, Long serverId, boolean ours,
                       StateLog log) {
        long id = serverId != null ? serverId : settings.serverId() + 1000;
        LocalServer clone = LocalServer.start(ServerBinaries.locate(), copy, settings.cloneOptions(id));
        Map<String, String> state = new HashMap<>();
        state.put("datadir", copy.toString());
        state.put("port", Integer.toString(clone.port()));
        state.put("server-id", Long.toString(id));
        state.put("copy-is-ours", Boolean.toString(ours));
        state.put("binlog-base", settings.binlogBaseName());
        state.put("extra", String.join(" ", settings.extraOptions()));
        state.forEach(log::put);
        return new Clone(endpointOn(source, clone.port()), state);
    }

    /** The clone an earlier run started; started again on the same copy when its server went away with that run. */
    static Clone resume(Endpoint source, Map<String, String> state) {
        int port = Integer.parseInt(state.get("port"));
        Endpoint endpoint = endpointOn(source, port);
        try (Connection ignored = Connections.open(endpoint)) {
            return new Clone(endpoint, state);
        } catch (SQLException notRunning) {
            List<String> extra = state.get("extra").isBlank() ? List.of() : List.of(state.get("extra").split(" "));
            LocalSnapshot.SourceSettings settings = new LocalSnapshot.SourceSettings(0, state.get("binlog-base"), Path.of("."), extra);
            LocalServer.start(ServerBinaries.locate(), Path.of(state.get("datadir")),
                settings.cloneOptions(Long.parseLong(state.get("server-id"))), port);
            return new Clone(endpoint, state);
        }
    }

    /** Stops the clone's server and removes the copy when offramp made it; nothing when no copy was recorded. */
    static void cleanup(Map<String, String> state) throws IOException {
        if (state.get("datadir") == null) {
            return;
        }
        Path copy = Path.of(state.get("datadir"));
        LocalServer.stopByPidFile(copy);
        if (Boolean.parseBoolean(state.get("copy-is-ours"))) {
            DataDirectory.delete(copy);
        }
    }

    private static Endpoint endpointOn(Endpoint source, int port) {
        return new Endpoint("clone", new ServerUri(source.uri().user(), "127.0.0.1", port), source.password());
    }
}
