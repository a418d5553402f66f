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
        try {
            return DriverManager.getConnection("jdbc:mysql://" + host + ":" + uri.port() + "/", props);
        } catch (SQLException e) {
            throw new SQLException("cannot connect to the " + endpoint + ": " + e.getMessage(), e.getSQLState(),
                e.getErrorCode(), e);
        }
    }
}
