package offramp.sandbox;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The local servers of one integration test class, as a JUnit extension registered on a static field:
 * <pre>
 * &#64;RegisterExtension
 * static final SandboxServers sandbox = SandboxServers.temporary("offramp-copy-it");
 * </pre>
 * A temporary {@link Sandbox} is made before the class's {@code @BeforeAll} methods run, and after its
 * {@code @AfterAll} methods every server in it is killed and its directory removed. Servers started with
 * {@link #startForTest} live for one test and are discarded after it; the others live for the class.
 *
 * <p>A server that cannot be started (no server program, a server that exits while starting) fails the test with
 * the reason and the fix; an integration test is never skipped for want of a server.
 */
public final class SandboxServers implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final String prefix;
    private final List<LocalServer> forTest = new ArrayList<>();
    private Sandbox sandbox;

    private SandboxServers(String prefix) {
        this.prefix = prefix;
    }

    /** Servers in a new temporary directory named after {@code prefix}, removed after the class. */
    public static SandboxServers temporary(String prefix) {
        return new SandboxServers(prefix);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        sandbox = Sandbox.temporary(prefix);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        synchronized (forTest) {
            forTest.forEach(sandbox()::discard);
            forTest.clear();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
    }

    /** The sandbox of the running class. */
    public Sandbox sandbox() {
        if (sandbox == null) {
            throw new IllegalStateException("SandboxServers is used outside its test class: register it with "
                + "@RegisterExtension on a static field");
        }
        return sandbox;
    }

    public Path root() {
        return sandbox().root();
    }

    /** A fresh server that lives until the end of the class. */
    public LocalServer startServer(String name, ServerOptions options) {
        return sandbox().startServer(name, options);
    }

    /** A fresh server on a given port (rebuilt where another one was), until the end of the class. */
    public LocalServer startServer(String name, ServerOptions options, int port) {
        return sandbox().startServer(name, options, port);
    }

    /** A fresh server that is discarded when the running test ends. */
    public LocalServer startForTest(String name, ServerOptions options) {
        return forTest(sandbox().startServer(name, options));
    }

    /** A fresh server on a given port (rebuilt where another one was), discarded when the running test ends. */
    public LocalServer startForTest(String name, ServerOptions options, int port) {
        return forTest(sandbox().startServer(name, options, port));
    }

    private LocalServer forTest(LocalServer server) {
        synchronized (forTest) {
            forTest.add(server);
        }
        return server;
    }

    /** A crash-consistent copy of a running server's data directory (see {@link Sandbox#snapshot}). */
    public Path snapshot(LocalServer server, String name) {
        return sandbox().snapshot(server, name);
    }

    /** A server started on a copied data directory, with crash recovery, until the end of the class. */
    public LocalServer startClone(Path copy, ServerOptions options) {
        return sandbox().startClone(copy, options);
    }

    /** Kills a server and removes its data directory now. */
    public void discard(LocalServer server) {
        synchronized (forTest) {
            forTest.remove(server);
        }
        sandbox().discard(server);
    }
}
