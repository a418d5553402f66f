package offramp.sandbox;

import offramp.server.Connections;
import offramp.server.Endpoint;
import offramp.server.Secret;
import offramp.server.ServerUri;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A MariaDB (or MySQL) server process on a loopback port, over a data directory of its own. Binary logging is
 * always on. The user {@code root} has no password and is reachable over TCP from 127.0.0.1.
 */
public final class LocalServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final ServerBinaries binaries;
    private final Path datadir;
    private final ServerOptions options;
    private final int port;
    private Process process;

    private LocalServer(ServerBinaries binaries, Path datadir, ServerOptions options, int port) {
        this.binaries = binaries;
        this.datadir = datadir;
        this.options = options;
        this.port = port;
    }

    /** Starts a server over an existing data directory (a fresh one, or a copy of another server's). */
    public static LocalServer start(ServerBinaries binaries, Path datadir, ServerOptions options) {
        return start(binaries, datadir, options, freePort());
    }

    /** Starts a server on a given port (to bring a clone back where a journal says it was). */
    public static LocalServer start(ServerBinaries binaries, Path datadir, ServerOptions options, int port) {
        LocalServer server = new LocalServer(binaries, datadir, options, port);
        server.start();
        return server;
    }

    /**
     * Stops a server this process did not start (one started by an earlier, killed run): SIGTERM to the pid in
     * its data directory's pid file, then waits for it to exit.
     */
    public static void stopByPidFile(Path datadir) {
        Path pidFile = datadir.resolve("server.pid");
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroy();
                try {
                    p.onExit().get(120, TimeUnit.SECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                }
            });
        } catch (IOException | NumberFormatException e) {
            throw new SandboxException("cannot stop the server of " + datadir + ": " + e.getMessage(), e);
        }
    }

    /** Starts the server again on the same port; every start opens a new binlog file. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new SandboxException("server on port " + port + " is already running");
        }
        List<String> command = new ArrayList<>(List.of(binaries.server().toString(), "--no-defaults",
            "--datadir=" + datadir, "--port=" + port, "--bind-address=127.0.0.1",
            "--socket=" + datadir.resolve("server.sock"), "--pid-file=" + datadir.resolve("server.pid"),
            "--log-error=" + datadir.resolve("error.log"),
            "--log-bin=" + options.binlogBaseName(), "--server-id=" + options.serverId(),
            "--binlog-format=" + options.binlogFormat(), "--binlog-checksum=" + options.binlogChecksum(),
            "--innodb-buffer-pool-size=" + options.bufferPoolMb() + "M",
            // Only with synchronous I/O does a frozen process leave no write in flight while its files are copied.
            "--innodb-use-native-aio=0",
            "--innodb-flush-log-at-trx-commit=2", "--sync-binlog=0",
            "--max-allowed-packet=256M", "--local-infile=1", "--performance-schema=OFF",
            "--character-set-server=utf8mb4", "--max-connections=500",
            "--user=" + System.getProperty("user.name")));
        command.addAll(options.extra());
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(datadir.resolve("server.out").toFile()));
            process = builder.start();
        } catch (IOException e) {
            throw new SandboxException("cannot run " + binaries.server() + ": " + e.getMessage(), e);
        }
        awaitReady();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new SandboxException("server on " + datadir + " exited with code " + process.exitValue()
                    + " while starting; its error log ends with:\n" + errorLogTail());
            }
            try (Connection ignored = Connections.open(rootEndpoint("server"))) {
                return;
            } catch (SQLException e) {
                if (answersAsAServer(e)) {
                    return; // up: it refused root without a password (a copy of a server whose root has one)
                }
                last = e;
            }
            sleep(100);
        }
        process.destroyForcibly();
        throw new SandboxException("server on " + datadir + " did not accept connections within " + START_TIMEOUT
            + " (" + (last == null ? "" : last.getMessage()) + "); its error log ends with:\n" + errorLogTail());
    }

    /**
     * Whether a failed connection came from a running server that refused the account (access denied, host not
     * allowed): the server is up, whoever may log in to it.
     */
    static boolean answersAsAServer(SQLException e) {
        return e.getErrorCode() == 1045 || e.getErrorCode() == 1130 || e.getErrorCode() == 1044;
    }

    /** Shuts the server down cleanly (SIGTERM) and waits for it. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Ends the server as a crash would (SIGKILL). */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops every thread of the server (SIGSTOP): its files stay as they are until {@link #thaw()}. */
    public void freeze() {
        signal("STOP");
    }

    /** Lets a frozen server run again (SIGCONT). */
    public void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new SandboxException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new SandboxException("cannot signal the server: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while signalling the server", e);
        }
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public Path datadir() {
        return datadir;
    }

    /** Binlog files live in the data directory. */
    public Path binlogDirectory() {
        return datadir;
    }

    public ServerOptions options() {
        return options;
    }

    public ServerUri uri(String user) {
        return new ServerUri(user, "127.0.0.1", port);
    }

    public Endpoint rootEndpoint(String role) {
        return new Endpoint(role, uri("root"), Secret.EMPTY);
    }

    public Connection connect() throws SQLException {
        return Connections.open(rootEndpoint("server"));
    }

    public String errorLogTail() {
        try {
            List<String> lines = Files.readAllLines(datadir.resolve("error.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no error log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new SandboxException("no free loopback port: " + e.getMessage(), e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while waiting for the server", e);
        }
    }
}
