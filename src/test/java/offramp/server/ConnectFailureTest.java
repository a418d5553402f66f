package offramp.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connections that cannot be made end within a bound, naming the role, the URI and the cause. */
class ConnectFailureTest {

    private final List<Socket> accepted = new ArrayList<>();

    @BeforeEach
    void shortHandshake() {
        System.setProperty("offramp.handshake-seconds", "2");
    }

    @AfterEach
    void restore() throws Exception {
        System.clearProperty("offramp.handshake-seconds");
        for (Socket s : accepted) {
            s.close();
        }
    }

    @Test
    void aServerThatAcceptsButNeverAnswersTimesOutNamingRoleAndUri() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // holds the connection open and says nothing
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Endpoint target = endpoint("target", silent.getLocalPort());
            long started = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> Connections.open(target));
            double seconds = (System.nanoTime() - started) / 1e9;
            assertTrue(seconds < 15, "bounded: " + seconds);
            assertTrue(e.getMessage().contains("target root@127.0.0.1:" + silent.getLocalPort()), e.getMessage());
            assertTrue(e.getMessage().contains("sent no handshake within 2 s"), e.getMessage());
        }
    }

    @Test
    void nothingListeningIsConnectionRefused() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        SQLException e = assertThrows(SQLException.class, () -> Connections.open(endpoint("source", port)));
        assertTrue(e.getMessage().startsWith("cannot connect to the source root@127.0.0.1:" + port), e.getMessage());
        assertTrue(e.getMessage().contains("connection refused: nothing listens on 127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void aNameThatDoesNotResolveSaysSo() {
        Endpoint clone = new Endpoint("clone", ServerUri.parse("admin@no-such-host.invalid:3306"), new Secret("s3cret"));
        SQLException e = assertThrows(SQLException.class, () -> Connections.open(clone));
        assertTrue(e.getMessage().contains("the host name no-such-host.invalid does not resolve"), e.getMessage());
        assertTrue(!e.getMessage().contains("s3cret"));
    }

    private static Endpoint endpoint(String role, int port) {
        return new Endpoint(role, ServerUri.parse("root@127.0.0.1:" + port), Secret.EMPTY);
    }
}
