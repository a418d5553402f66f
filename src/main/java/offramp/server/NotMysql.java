package offramp.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Tells what else answers on a port where no MySQL handshake came: an SSH server speaks first with its banner,
 * an HTTP server answers a request. Looked at only after a connection failed, to name the real cause.
 */
final class NotMysql {

    /** Per step (connect, first read, the answer to a request): a server that answers at all does so at once. */
    private static final int WAIT_MS = 750;

    private NotMysql() {
    }

    /** What the server on host:port is when it is not MySQL, in a phrase; null when it cannot be told or is MySQL. */
    static String identify(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), WAIT_MS);
            socket.setSoTimeout(WAIT_MS);
            InputStream in = socket.getInputStream();
            byte[] first = readSome(in);
            if (first.length == 0) {
                // A server that waits for the client to speak first: ask as an HTTP client would.
                socket.getOutputStream().write("HEAD / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                first = readSome(in);
            }
            return classify(first);
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] readSome(InputStream in) throws IOException {
        byte[] buffer = new byte[256];
        try {
            int n = in.read(buffer);
            return n <= 0 ? new byte[0] : Arrays.copyOf(buffer, n);
        } catch (SocketTimeoutException silent) {
            return new byte[0];
        }
    }

    /** The phrase for a server's first bytes; null for a MySQL handshake (protocol 10) or nothing. */
    static String classify(byte[] first) {
        if (first.length == 0) {
            return null;
        }
        String text = new String(first, StandardCharsets.ISO_8859_1);
        String line = text.lines().findFirst().orElse("").strip();
        if (text.startsWith("SSH-")) {
            return "it answered like SSH (" + printable(line) + ")";
        }
        if (text.startsWith("HTTP/")) {
            return "it answered like an HTTP server (" + printable(line) + ")";
        }
        if (first.length >= 5 && first[3] == 0 && (first[4] == 10 || first[4] == (byte) 0xff)) {
            return null; // a MySQL handshake packet, or a MySQL error packet
        }
        return "it sent something that is not a MySQL handshake (" + printable(line) + ")";
    }

    private static String printable(String text) {
        String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
