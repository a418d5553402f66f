package offramp.snapshot;

import offramp.sandbox.DataDirectory;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxException;
import offramp.sandbox.ServerBinaries;
import offramp.server.Connections;
import offramp.server.Endpoint;
import offramp.server.ServerInfo;
import offramp.server.ServerUri;
import offramp.text.Units;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clone server offramp runs on a copy of a local source's data directory (the {@code local} and
 * {@code mariadb-backup} providers): started, found again or restarted after an interruption, and removed. It
 * runs without TLS and listens on loopback only; its state is what the journal keeps of it.
 */
final class CloneServer {

    private CloneServer() {
    }

    /**
     * The server program the clone will run, found before the source is frozen or a backup starts (otherwise the
     * run would learn it lacks one only with the copy made); its version beside the source's, for the DBA to judge.
     */
    static ProviderCheck program(Endpoint source) {
        String name = "clone server program";
        String fix = "install the server package of the source's release on this host (Debian/Ubuntu: apt-get install "
            + "mariadb-server), or set OFFRAMP_MYSQLD to its server program";
        ServerBinaries binaries;
        try {
            binaries = ServerBinaries.locate();
        } catch (SandboxException e) {
            return new ProviderCheck(name, false, e.getMessage(), fix);
        }
        if (!Files.isExecutable(binaries.server())) {
            return new ProviderCheck(name, false, binaries.server() + " is not a program offramp may run", fix);
        }
        String version = programVersion(binaries.server());
        String sourceVersion;
        try (Connection c = Connections.open(source)) {
            sourceVersion = ServerInfo.read(c).dialect().version().text();
        } catch (SQLException e) {
            sourceVersion = null; // the source's own check says why it cannot be reached
        }
        return new ProviderCheck(name, true, binaries.server() + (version == null ? "" : " " + version)
            + (sourceVersion == null ? "" : " for a " + sourceVersion + " source"), "");
    }

    /** "10.11.19-MariaDB-0+deb12u1" of "mariadbd  Ver 10.11.19-MariaDB-0+deb12u1 for debian-linux-gnu"; null if unknown. */
    private static String programVersion(Path server) {
        try {
            Process p = new ProcessBuilder(server.toString(), "--version").redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) { // one short line: it fits the pipe while we wait
                p.destroyForcibly();
                return null;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            Matcher m = Pattern.compile("Ver (\\S+)").matcher(out);
            return m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
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

    /**
     * Stops the clone's server and removes the copy when offramp made it, saying which pid it stopped and which
     * directory (of what size) it removed; nothing when no copy was recorded.
     */
    static Removal cleanup(Map<String, String> state) {
        if (state.get("datadir") == null) {
            return Removal.nothing("no copy was made");
        }
        Path copy = Path.of(state.get("datadir"));
        Removal.Tally tally = new Removal.Tally();
        boolean stopped = stopServer(copy, state.get("port"), tally);
        if (!Boolean.parseBoolean(state.get("copy-is-ours"))) {
            tally.done("kept " + copy + ": the snapshot command made it, remove it with the tool that made it");
        } else if (!stopped) {
            tally.left(copy.toString(), new IOException("its server still runs"), "stop that server, then rm -rf " + copy);
        } else if (Files.exists(copy)) {
            long size = WorkSpace.sizeOf(copy);
            try {
                DataDirectory.delete(copy);
                tally.done("removed " + copy + " (" + Units.bytes(Math.max(0, size)) + ")");
            } catch (IOException e) {
                tally.left(copy.toString(), e, "rm -rf " + copy);
            }
        }
        return tally.removal("the copy " + copy + " was already gone");
    }

    /**
     * Stops the server whose pid file is in {@code copy}, when one runs there: only a mysqld or mariadbd (a pid
     * file left by a server long gone may name some other process since). False when it still runs.
     */
    private static boolean stopServer(Path copy, String port, Removal.Tally tally) {
        Path pidFile = copy.resolve("server.pid");
        if (!Files.exists(pidFile)) {
            return true;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException e) {
            tally.left("the clone server of " + copy, new IOException("its pid file " + pidFile + " cannot be read", e),
                "stop the server started with --datadir=" + copy);
            return false;
        }
        ProcessHandle server = ProcessHandle.of(pid).filter(h -> isServerOf(h, copy)).orElse(null);
        if (server == null || !server.isAlive()) {
            return true;
        }
        server.destroy();
        if (!exited(server, 120)) {
            server.destroyForcibly();
            exited(server, 30);
        }
        if (server.isAlive()) {
            tally.left("the clone server (pid " + pid + ")", new IOException("it did not exit on SIGTERM or SIGKILL"), "kill -9 " + pid);
            return false;
        }
        tally.done("stopped the clone server (pid " + pid + (port == null ? "" : ", port " + port) + ")");
        return true;
    }

    private static boolean isServerOf(ProcessHandle h, Path copy) {
        String command = h.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("");
        return command.equals("mysqld") || command.equals("mariadbd")
            || h.info().arguments().map(a -> List.of(a).contains("--datadir=" + copy)).orElse(false);
    }

    private static boolean exited(ProcessHandle h, int seconds) {
        try {
            h.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private static Endpoint endpointOn(Endpoint source, int port) {
        return new Endpoint("clone", new ServerUri(source.uri().user(), "127.0.0.1", port), source.password());
    }
}
