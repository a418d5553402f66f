package offramp.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerUriTest {

    @Test
    void parsesUserHostAndPort() {
        assertEquals(new ServerUri("admin", "prod.cluster-abc.us-east-1.rds.amazonaws.com", 3306),
            ServerUri.parse("admin@prod.cluster-abc.us-east-1.rds.amazonaws.com:3306"));
        assertEquals(new ServerUri("repl", "10.0.0.9", 3307), ServerUri.parse("repl@10.0.0.9:3307"));
    }

    @Test
    void portDefaultsTo3306AndIpv6GoesInBrackets() {
        assertEquals(3306, ServerUri.parse("root@db").port());
        ServerUri v6 = ServerUri.parse("root@[::1]:3310");
        assertEquals("::1", v6.host());
        assertEquals("root@[::1]:3310", v6.toString());
    }

    @Test
    void aPasswordInTheAddressIsRefusedWithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ServerUri.parse("admin:s3cret@db:3306"));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertTrue(e.getMessage().contains("OFFRAMP_<ROLE>_PASSWORD"), e.getMessage());
    }

    @Test
    void mysqlShellsUriFormIsAnAddressNotAPassword() {
        assertEquals(new ServerUri("user", "host", 3306), ServerUri.parse("mysql://user@host"));
        assertEquals(new ServerUri("admin", "db", 3307), ServerUri.parse("mysql://admin@db:3307/"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ServerUri.parse("mysql://admin:s3cret@db:3306"));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertTrue(e.getMessage().contains("a password never goes in the address"), e.getMessage());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> ServerUri.parse("http://admin@db"));
        assertTrue(other.getMessage().contains("the scheme 'http://'"), other.getMessage());
    }

    @Test
    void malformedAddressesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ServerUri.parse("db:3306"));
        assertThrows(IllegalArgumentException.class, () -> ServerUri.parse("root@db:99999"));
        assertThrows(IllegalArgumentException.class, () -> ServerUri.parse("root@"));
    }

    @Test
    void aSecretNeverPrintsItself() {
        Secret secret = new Secret("hunter2");
        assertEquals("****", secret.toString());
        assertFalse(new Endpoint("source", ServerUri.parse("a@b:1"), secret).toString().contains("hunter2"));
        assertEquals("hunter2", secret.reveal());
    }
}
