package offramp.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** JDBC connections to MySQL and MariaDB servers through Connector/J. */
public final class Connections {

    private Connections() {
    }

    public static Connection open(Endpoint endpoint) throws SQLException {
        return open(endpoint, new Properties());
    }

    /** A connection that may send LOAD DATA LOCAL INFILE data (from streams offramp gives it, never from files). */
    public static Connection openForLoading(Endpoint endpoint) throws SQLException {
        Properties props = new Properties();
        props.setProperty("allowLoadLocalInfile", "true");
        return open(endpoint, props);
    }

    private static void tls(Properties props, Tls tls) throws SQLException {
        props.setProperty("sslMode", tls.mode().name());
        if (tls.verifies()) {
            try {
                props.setProperty("trustCertificateKeyStoreUrl", tls.trustStoreFile().toUri().toString());
            } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                throw new SQLException("cannot read the CA certificate " + tls.ca() + ": " + e.getMessage(), e);
            }
            props.setProperty("trustCertificateKeyStoreType", "PKCS12");
            props.setProperty("trustCertificateKeyStorePassword", Tls.STORE_PASSWORD);
        }
    }

    private static Connection open(Endpoint endpoint, Properties extra) throws SQLException {
        ServerUri uri = endpoint.uri();
        String host = uri.host().contains(":") ? "[" + uri.host() + "]" : uri.host();
        Properties props = new Properties();
        props.setProperty("user", uri.user());
        props.setProperty("password", endpoint.password().reveal());
        tls(props, endpoint.tls());
        props.setProperty("allowPublicKeyRetrieval", "true");
        props.setProperty("connectTimeout", "10000");
        props.setProperty("useUnicode", "true");
        props.setProperty("characterEncoding", "UTF-8");
        props.setProperty("zeroDateTimeBehavior", "CONVERT_TO_NULL");
        props.setProperty("permitMysqlScheme", "true");
        props.putAll(extra);
        try {
            return DriverManager.getConnection("jdbc:mysql://" + host + ":" + uri.port() + "/", props);
        } catch (SQLException e) {
            String hint = e.getErrorCode() == 1045 && endpoint.tls().mode() == Tls.Mode.DISABLED
                ? " (if the server requires secure transport, connect with TLS: --ssl-mode and --ssl-ca, or tls in the configuration)"
                : "";
            throw new SQLException("cannot connect to the " + endpoint + ": " + e.getMessage() + hint, e.getSQLState(),
                e.getErrorCode(), e);
        }
    }
}
