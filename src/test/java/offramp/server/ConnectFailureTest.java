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

    /** A server on a free port that writes {@code greeting} to each connection (at once, or after a request). */
    private ServerSocket speaking(String greeting, boolean waitsForRequest) throws Exception {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket s = server.accept();
                    accepted.add(s);
                    if (waitsForRequest) {
                        s.getInputStream().read(new byte[64]);
                    }
                    s.getOutputStream().write(greeting.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                }
            } catch (Exception closed) {
                // the test is over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    @Test
    void anSshServerIsNamedNotAPacketSize() throws Exception {
        try (ServerSocket ssh = speaking("SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6\r\n", false)) {
            SQLException e = assertThrows(SQLException.class, () -> Connections.open(endpoint("source", ssh.getLocalPort())));
            assertTrue(e.getMessage().contains("not a MySQL server on 127.0.0.1:" + ssh.getLocalPort()
                + ": it answered like SSH (SSH-2.0-OpenSSH_8.9p1"), e.getMessage());
            assertTrue(!e.getMessage().contains("max_allowed_packet"), e.getMessage());
        }
    }

    @Test
    void anHttpServerIsNamedNotAHungServer() throws Exception {
        try (ServerSocket http = speaking("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", true)) {
            SQLException e = assertThrows(SQLException.class, () -> Connections.open(endpoint("target", http.getLocalPort())));
            assertTrue(e.getMessage().contains("not a MySQL server on 127.0.0.1:" + http.getLocalPort()
                + ": it answered like an HTTP server (HTTP/1.1 400 Bad Request)"), e.getMessage());
            assertTrue(!e.getMessage().contains("hung"), e.getMessage());
        }
    }

    @Test
    void firstBytesAreClassified() {
        assertTrue(NotMysql.classify("SSH-2.0-x\r\n".getBytes()).startsWith("it answered like SSH"));
        assertTrue(NotMysql.classify(new byte[] {0x4a, 0, 0, 0, 10, '5'}) == null, "a MySQL v10 handshake");
        assertTrue(NotMysql.classify(new byte[0]) == null);
        assertTrue(NotMysql.classify("220 smtp ready\r\n".getBytes()).contains("not a MySQL handshake (220 smtp ready)"));
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
