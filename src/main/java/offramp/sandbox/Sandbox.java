package offramp.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory of local servers: creates data directories, starts servers on them, takes crash-consistent
 * snapshots of running servers and starts clones on the copies, and removes everything when closed.
 */
public final class Sandbox implements AutoCloseable {


    private final ServerBinaries binaries;
    private final Path root;
    private final boolean removeOnClose;
    private final List<LocalServer> servers = new ArrayList<>();
    private int counter;

    public Sandbox(Path root, boolean removeOnClose) {
        this.binaries = ServerBinaries.locate();
        this.root = root;
        this.removeOnClose = removeOnClose;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new SandboxException("cannot create " + root + ": " + e.getMessage(), e);
        }
    }

    /** A sandbox in a new temporary directory, removed on close. */
    public static Sandbox temporary(String prefix) {
        try {
            return new Sandbox(Files.createTempDirectory(prefix), true);
        } catch (IOException e) {
            throw new SandboxException("cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    /** A fresh server with an empty data directory. */
    public synchronized LocalServer startServer(String name, ServerOptions options) {
        Path datadir = root.resolve(name + "-" + (++counter));
        copyTree(Template.datadir(binaries), datadir);
        return track(LocalServer.start(binaries, datadir, withOwnTmpdir(datadir, options)));
    }

    /** A fresh server with an empty data directory on a given port: a server rebuilt where another one was. */
    public synchronized LocalServer startServer(String name, ServerOptions options, int port) {
        Path datadir = root.resolve(name + "-" + (++counter));
        copyTree(Template.datadir(binaries), datadir);
        return track(LocalServer.start(binaries, datadir, withOwnTmpdir(datadir, options), port));
    }

    /**
     * A temporary directory of the server's own beside its data directory (inside the sandbox, so removed with it):
     * servers of test runs side by side must not find each other's temporary tables in a shared /tmp.
     */
    private static ServerOptions withOwnTmpdir(Path datadir, ServerOptions options) {
        Path tmp = datadir.resolveSibling(datadir.getFileName() + ".tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new SandboxException("cannot create " + tmp + ": " + e.getMessage(), e);
        }
        return options.with("--tmpdir=" + tmp);
    }

    /**
     * A crash-consistent copy of a running server's data directory: the process is frozen (SIGSTOP) while its
     * files are copied, then thawed, so the copy is what a power cut at that instant would leave.
     */
    public synchronized Path snapshot(LocalServer server, String name) {
        Path copy = root.resolve(name + "-" + (++counter));
        server.freeze();
        try {
            copyTree(server.datadir(), copy);
        } finally {
            server.thaw();
        }
        return copy;
    }

    /** Starts a server on a copied data directory, the way a restored snapshot starts: with crash recovery. */
    public synchronized LocalServer startClone(Path copy, ServerOptions options) {
        return track(LocalServer.start(binaries, copy, withOwnTmpdir(copy, options)));
    }

    /** Stops a server and deletes its data directory: a clone whose work is done. */
    public synchronized void discard(LocalServer server) {
        server.kill();
        servers.remove(server);
        deleteTree(server.datadir());
    }

    private LocalServer track(LocalServer server) {
        servers.add(server);
        return server;
    }

    @Override
    public synchronized void close() {
        for (LocalServer server : servers) {
            server.kill();
        }
        servers.clear();
        if (removeOnClose) {
            deleteTree(root);
        }
    }

    static void copyTree(Path from, Path to) {
        try {
            DataDirectory.copy(from, to);
        } catch (IOException e) {
            throw new SandboxException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path dir) {
        try {
            DataDirectory.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
