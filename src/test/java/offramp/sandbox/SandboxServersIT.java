package offramp.sandbox;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The extension's lifecycle, driven by hand: a test's servers end with the test, the class's with the class. */
class SandboxServersIT {

    @Test
    void serversForATestEndWithItAndTheSandboxEndsWithTheClass() {
        SandboxServers servers = SandboxServers.temporary("offramp-sandbox-servers-it");
        assertThrows(IllegalStateException.class, servers::root, "no sandbox before the class starts");
        servers.beforeAll(null);
        Path root = servers.root();
        LocalServer classLong = servers.startServer("class", ServerOptions.defaults());
        LocalServer testLong = servers.startForTest("test", ServerOptions.defaults().withServerId(2));
        assertTrue(classLong.running() && testLong.running());

        servers.afterEach(null);
        assertFalse(testLong.running(), "the test's server is stopped after the test");
        assertFalse(Files.exists(testLong.datadir()), "and its data directory removed");
        assertTrue(classLong.running(), "the class's server outlives the test");

        servers.afterAll(null);
        assertFalse(classLong.running());
        assertFalse(Files.exists(root), "the sandbox directory is removed after the class");
    }

    @Test
    void aServerThatCannotStartFailsTheTestWithItsErrorLogNeverSkipsIt() {
        SandboxServers servers = SandboxServers.temporary("offramp-sandbox-servers-it");
        servers.beforeAll(null);
        try {
            SandboxException e = assertThrows(SandboxException.class,
                () -> servers.startServer("broken", ServerOptions.defaults().with("--no-such-option-anywhere")));
            assertTrue(e.getMessage().contains("exited with code") && e.getMessage().contains("no-such-option-anywhere"),
                e.getMessage());
        } finally {
            servers.afterAll(null);
        }
    }
}
