package offramp.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One variable per server whatever the command calls it, the old names still read, and where each password came from. */
class PasswordsTest {

    @TempDir
    Path dir;

    private static final ServerUri URI = ServerUri.parse("root@db:3306");

    @AfterEach
    void reset() {
        Passwords.reset();
    }

    @Test
    void oneVariablePerServer() {
        for (String role : new String[] {"target", "to", "right", "replica"}) {
            assertEquals("OFFRAMP_TARGET_PASSWORD", Passwords.variable(role));
            Secret s = Passwords.resolve(role, null, false, URI, Map.of("OFFRAMP_TARGET_PASSWORD", "t"));
            assertEquals("t", s.reveal(), role);
            assertEquals("OFFRAMP_TARGET_PASSWORD", s.origin());
        }
        for (String role : new String[] {"source", "from", "left"}) {
            assertEquals("s", Passwords.resolve(role, null, false, URI, Map.of("OFFRAMP_SOURCE_PASSWORD", "s")).reveal(), role);
        }
    }

    @Test
    void theOldNamesStillWork() {
        Secret s = Passwords.resolve("to", null, false, URI, Map.of("OFFRAMP_TO_PASSWORD", "old", "OFFRAMP_TARGET_PASSWORD", "new"));
        assertEquals("old", s.reveal(), "the command's own name is the more specific");
        assertEquals("OFFRAMP_TO_PASSWORD", s.origin());
        assertEquals("r", Passwords.resolve("replica", null, false, URI, Map.of("OFFRAMP_REPLICA_PASSWORD", "r")).reveal());
    }

    @Test
    void theCloneIsReachedWithTheSourcesPassword() {
        Secret s = Passwords.resolve("clone", null, false, URI, Map.of("OFFRAMP_SOURCE_PASSWORD", "s"));
        assertEquals("s", s.reveal());
        assertEquals("OFFRAMP_SOURCE_PASSWORD", s.origin());
        assertEquals("c", Passwords.resolve("clone", null, false, URI,
            Map.of("OFFRAMP_SOURCE_PASSWORD", "s", "OFFRAMP_CLONE_PASSWORD", "c")).reveal());
    }

    @Test
    void theFileThenTheVariableThenTheOptionFile() throws Exception {
        Path pw = Files.writeString(dir.resolve("target.pw"), "fromfile\n");
        Path cnf = Files.writeString(dir.resolve("my.cnf"), "[client]\npassword=\"from cnf\"\nssl-ca=/ca.pem\n");
        Passwords.useOptionFiles(cnf, null);
        Secret file = Passwords.resolve("target", pw, false, URI, Map.of("OFFRAMP_TARGET_PASSWORD", "env"));
        assertEquals("fromfile", file.reveal());
        assertEquals("the password file " + pw, file.origin());
        assertEquals("env", Passwords.resolve("target", null, false, URI, Map.of("OFFRAMP_TARGET_PASSWORD", "env")).reveal());
        Secret option = Passwords.resolve("target", null, false, URI, Map.of());
        assertEquals("from cnf", option.reveal());
        assertEquals("the option file " + cnf, option.origin());
        assertEquals("****", option.toString());
        assertEquals(new Tls(TlsMode.VERIFY_CA, Path.of("/ca.pem")), Passwords.tls(null, null));
        assertEquals("", Passwords.resolve("replication", null, false, URI, Map.of()).reveal(),
            "the [client] password is the DBA's, not the replication user's");
    }

    @Test
    void theOptionFilesUserAndPortFillAnAddressThatLeavesThemOut() throws Exception {
        Passwords.useOptionFiles(Files.writeString(dir.resolve("u.cnf"), "[client]\nuser=dba\nport=3310\n"), null);
        assertEquals(ServerUri.parse("dba@db.example.com:3310"), Passwords.address("db.example.com"));
        assertEquals(ServerUri.parse("admin@db:3306"), Passwords.address("admin@db:3306"), "the address wins");
        Passwords.reset();
        Passwords.useOptionFiles(Files.writeString(dir.resolve("none.cnf"), ""), null);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Passwords.address("db"));
    }

    @Test
    void nothingMeansAnEmptyPasswordAndSaysSo() throws Exception {
        Passwords.useOptionFiles(Files.writeString(dir.resolve("empty.cnf"), ""), null);
        Secret none = Passwords.resolve("source", null, false, URI, Map.of());
        assertEquals("", none.reveal());
        assertEquals("none (empty password)", none.origin());
    }
}
