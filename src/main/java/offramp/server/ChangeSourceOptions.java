package offramp.server;

import java.util.ArrayList;
import java.util.List;

/**
 * The options of CHANGE MASTER TO / CHANGE REPLICATION SOURCE TO that both families write alike, each under the
 * prefix its dialect gives ({@code MASTER_} or {@code SOURCE_}).
 */
final class ChangeSourceOptions {

    private ChangeSourceOptions() {
    }

    /** Host, port, user and password. */
    static List<String> connection(String p, SourceChannel source) {
        List<String> options = new ArrayList<>();
        options.add(p + "HOST=" + SqlLiteral.of(source.host()));
        options.add(p + "PORT=" + source.port());
        options.add(p + "USER=" + SqlLiteral.of(source.user()));
        options.add(p + "PASSWORD=" + SqlLiteral.of(source.password().reveal()));
        return options;
    }

    /** File and position. */
    static List<String> position(String p, SourceChannel source) {
        return List.of(p + "LOG_FILE=" + SqlLiteral.of(source.logFile()), p + "LOG_POS=" + source.logPosition());
    }

    /** Retry, heartbeat and TLS. */
    static List<String> channel(String p, SourceChannel source) {
        List<String> options = new ArrayList<>();
        if (source.connectRetrySeconds() > 0) {
            options.add(p + "CONNECT_RETRY=" + source.connectRetrySeconds());
        }
        if (source.heartbeatSeconds() > 0) {
            options.add(p + "HEARTBEAT_PERIOD=" + source.heartbeatSeconds());
        }
        ChannelTls tls = source.tls();
        if (tls.enabled()) {
            options.add(p + "SSL=1");
            if (tls.ca() != null) {
                options.add(p + "SSL_CA=" + SqlLiteral.of(tls.ca()));
            }
            if (tls.cert() != null) {
                options.add(p + "SSL_CERT=" + SqlLiteral.of(tls.cert()));
            }
            if (tls.key() != null) {
                options.add(p + "SSL_KEY=" + SqlLiteral.of(tls.key()));
            }
            options.add(p + "SSL_VERIFY_SERVER_CERT=" + (tls.mode() == TlsMode.VERIFY_IDENTITY ? 1 : 0));
        }
        return options;
    }

    /** {@code CALL mysql.<procedure>(host, port, user, password, file, position, ssl)}. */
    static String rdsSetExternal(String procedure, String host, int port, String user, String password, String file,
                                 long position, boolean ssl) {
        return "CALL mysql." + procedure + "(" + SqlLiteral.of(host) + ", " + port + ", " + SqlLiteral.of(user) + ", "
            + SqlLiteral.of(password) + ", " + SqlLiteral.of(file) + ", " + position + ", " + (ssl ? 1 : 0) + ")";
    }
}
