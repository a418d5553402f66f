package offramp.server;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * JDBC connections to MySQL and MariaDB servers through Connector/J. None waits forever: the TCP connect has a
 * timeout, the server's handshake has one, and every statement's reads have one, except on the connections for
 * long work (loads, streaming reads, index builds), whose progress the copy's watchdog watches instead.
 */
public final class Connections {

    /** Seconds to wait for the TCP connection. */
    public static final long CONNECT_SECONDS = 10;
    /** Seconds to wait for each read on an ordinary connection (catalog queries, status, checksums of a chunk). */
    public static final long READ_SECONDS = 900;

    private Connections() {
    }

    /** Seconds to wait for the server's handshake once TCP is up; {@code offramp.handshake-seconds} overrides. */
    static long handshakeSeconds() {
        return Long.getLong("offramp.handshake-seconds", 20);
    }

    /** A connection whose every read is bounded by {@link #READ_SECONDS}. */
    public static Connection open(Endpoint endpoint) throws SQLException {
        return open(endpoint, new Properties(), READ_SECONDS);
    }

    /**
     * A connection for statements that may run for hours (streaming a table, building indexes): connect and
     * handshake are bounded, reads are not, and the caller watches its progress.
     */
    public static Connection openForLongWork(Endpoint endpoint) throws SQLException {
        return open(endpoint, new Properties(), 0);
    }

    /**
     * A connection whose statement text is sent in {@code javaEncoding} (the driver sets the matching
     * character_set_client): for objects whose text the server must read in another character set than UTF-8.
     */
    public static Connection openWithEncoding(Endpoint endpoint, String javaEncoding) throws SQLException {
        Properties props = new Properties();
        props.setProperty("characterEncoding", javaEncoding);
        return open(endpoint, props, READ_SECONDS);
    }

    /**
     * A connection that may send LOAD DATA LOCAL INFILE data (from streams offramp gives it, never from files);
     * a long-work connection.
     */
    public static Connection openForLoading(Endpoint endpoint) throws SQLException {
        Properties props = new Properties();
        props.setProperty("allowLoadLocalInfile", "true");
        return open(endpoint, props, 0);
    }

    private static void tls(Properties props, Tls tls) throws SQLException {
        props.setProperty("sslMode", tls.mode().name());
        if (tls.verifies()) {
            try {
                props.setProperty("trustCertificateKeyStoreUrl", tls.trustStoreFile().toUri().toString());
            } catch (IOException | GeneralSecurityException e) {
                throw new SQLException("cannot read the CA certificate " + tls.ca() + ": " + e.getMessage(), e);
            }
            props.setProperty("trustCertificateKeyStoreType", "PKCS12");
            props.setProperty("trustCertificateKeyStorePassword", TrustStoreFiles.STORE_PASSWORD);
        }
    }

    private static Connection open(Endpoint endpoint, Properties extra, long readSeconds) throws SQLException {
        ServerUri uri = endpoint.uri();
        String host = uri.host().contains(":") ? "[" + uri.host() + "]" : uri.host();
        Properties props = new Properties();
        props.setProperty("user", uri.user());
        props.setProperty("password", endpoint.password().reveal());
        tls(props, endpoint.tls());
        props.setProperty("allowPublicKeyRetrieval", "true");
        props.setProperty("connectTimeout", Long.toString(CONNECT_SECONDS * 1000));
        props.setProperty("socketTimeout", Long.toString(handshakeSeconds() * 1000));
        props.setProperty("useUnicode", "true");
        props.setProperty("characterEncoding", "UTF-8");
        props.setProperty("zeroDateTimeBehavior", "CONVERT_TO_NULL");
        props.setProperty("permitMysqlScheme", "true");
        props.putAll(extra);
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:mysql://" + host + ":" + uri.port() + "/", props);
        } catch (SQLException e) {
            throw new SQLException("cannot connect to the " + endpoint + ": "
                + ConnectFailure.explain(endpoint, e, CONNECT_SECONDS, handshakeSeconds()), e.getSQLState(), e.getErrorCode(), e);
        }
        c.setNetworkTimeout(Runnable::run, (int) (readSeconds * 1000));
        return c;
    }
}
