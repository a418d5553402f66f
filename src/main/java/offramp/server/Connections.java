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

    private static Connection open(Endpoint endpoint, Properties extra) throws SQLException {
        ServerUri uri = endpoint.uri();
        String host = uri.host().contains(":") ? "[" + uri.host() + "]" : uri.host();
        Properties props = new Properties();
        props.setProperty("user", uri.user());
        props.setProperty("password", endpoint.password().reveal());
        props.setProperty("sslMode", "DISABLED");
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
            throw new SQLException("cannot connect to the " + endpoint + ": " + e.getMessage(), e.getSQLState(),
                e.getErrorCode(), e);
        }
    }
}
