package offramp.server;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Why a connection could not be made, in the words a DBA acts on: the name does not resolve, nothing listens,
 * the host does not answer, the server accepted but never spoke, TLS, access denied. Each with its fix.
 */
public final class ConnectFailure {

    private ConnectFailure() {
    }

    /**
     * Whether the server's first packet was not a MySQL handshake or never came: a garbled packet length ("Packet
     * for query is too large"), a malformed packet, or a read timeout while waiting for the handshake.
     */
    private static boolean noHandshake(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t.getClass().getSimpleName().contains("PacketTooBig") || m.contains("Packet for query is too large")
                || m.contains("malformed packet") || m.contains("Unexpected end of input stream")
                || (t instanceof SocketTimeoutException && !m.toLowerCase().contains("connect"))) {
                return true;
            }
        }
        return false;
    }

    /** The cause and its fix for a failed connection to {@code endpoint}; secrets never appear in it. */
    public static String explain(Endpoint endpoint, SQLException e, long connectSeconds, long handshakeSeconds) {
        ServerUri uri = endpoint.uri();
        String where = uri.host() + ":" + uri.port();
        if (noHandshake(e)) {
            String other = NotMysql.identify(uri.host(), uri.port());
            if (other != null) {
                return "not a MySQL server on " + where + ": " + other + "; check the port (MySQL's is usually 3306) "
                    + "and the host";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException && String.valueOf(t.getMessage()).contains("identity verification failed")) {
                List<String> names = ServerCertificate.names(uri.host(), uri.port());
                return "the server's certificate is for " + (names.isEmpty() ? "other host names" : String.join(", ", names))
                    + ", not for " + uri.host() + " (--ssl-mode verify-identity checks the name): connect with a host "
                    + "name the certificate names, or use --ssl-mode verify-ca (tls.mode in the configuration) to check "
                    + "the certificate's CA but not its name";
            }
            if (t instanceof UnknownHostException) {
                return "the host name " + uri.host() + " does not resolve: check the name, or this machine's DNS";
            }
            if (t instanceof ConnectException && String.valueOf(t.getMessage()).contains("refused")) {
                return "connection refused: nothing listens on " + where + "; is the server running, and is the port right?";
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to " + uri.host() + ": check the network path (routes, VPN, security groups)";
            }
            if (t instanceof SocketTimeoutException && String.valueOf(t.getMessage()).toLowerCase().contains("connect")) {
                return "timed out after " + connectSeconds + " s connecting to " + where + ": the host does not answer "
                    + "(down, unreachable, or a firewall or security group drops the packets)";
            }
            if (t instanceof SocketTimeoutException) {
                return "the server accepted the connection on " + where + " but sent no handshake within " + handshakeSeconds
                    + " s: it is stopped, hung or overloaded, or something between drops its packets";
            }
            if (t instanceof SSLException) {
                return "the TLS handshake failed (" + t.getMessage() + "): check --ssl-mode and --ssl-ca (tls in the "
                    + "configuration) against the server's certificate";
            }
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e.getErrorCode() == 3159 || message.contains("insecure transport") || message.contains("secure transport")) {
            return "the server requires secure transport: connect with TLS (--ssl-mode and --ssl-ca, or tls in the configuration)";
        }
        if (e.getErrorCode() == 1045) {
            String tlsHint = endpoint.tls().mode() == TlsMode.DISABLED
                ? " (if the server requires secure transport, connect with TLS: --ssl-mode and --ssl-ca, or tls in the configuration)"
                : "";
            return message + ": check the " + endpoint.role() + "'s password (it came from "
                + endpoint.password().origin() + "; set " + Passwords.variable(endpoint.role()) + ", --" + endpoint.role()
                + "-password-file or the password of ~/.my.cnf's [client]) and that the account exists for the host "
                + "offramp connects from" + tlsHint;
        }
        if (e.getErrorCode() == 1130) {
            return "the server has no account that lets this machine connect as " + uri.user() + " (" + message
                + "): create the account or grant it for this machine's address";
        }
        if (e.getErrorCode() == 1040) {
            return "the server has too many connections: raise max_connections or lower --threads";
        }
        return message;
    }
}
