package offramp.server;

import offramp.usage.BadUsage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server address as MySQL Shell writes it: {@code USER@HOST:PORT}. The port defaults to 3306; an IPv6 host
 * goes in brackets ({@code root@[::1]:3306}). A password never appears here.
 */
public record ServerUri(String user, String host, int port) {

    private static final Pattern FORM = Pattern.compile("([^@]+)@(\\[[^\\]]+\\]|[^:@\\[\\]]+)(?::(\\d+))?");

    public ServerUri {
        if (user == null || user.isEmpty()) {
            throw new BadUsage("no user in server address");
        }
        if (host == null || host.isEmpty()) {
            throw new BadUsage("no host in server address");
        }
        if (port < 1 || port > 65535) {
            throw new BadUsage("port out of range: " + port);
        }
    }

    public static ServerUri parse(String text) {
        return parse(text, null, null);
    }

    /**
     * An address whose user and port may be left out when the MySQL option files give them ({@code [client]}
     * user and port, see {@link Passwords#address}): {@code HOST} or {@code HOST:PORT}.
     */
    public static ServerUri parse(String text, String defaultUser, Integer defaultPort) {
        int scheme = text.indexOf("://");
        if (scheme >= 0) {
            String name = text.substring(0, scheme);
            if (!name.equalsIgnoreCase("mysql")) {
                throw new BadUsage("expected USER@HOST:PORT or mysql://USER@HOST:PORT, got the scheme '" + name
                    + "://' in '" + redact(text) + "'");
            }
            // MySQL Shell's URI form: mysql://USER@HOST:PORT, with at most a trailing slash.
            text = text.substring(scheme + 3);
            if (text.endsWith("/")) {
                text = text.substring(0, text.length() - 1);
            }
        }
        if (!text.contains("@") && defaultUser != null && !defaultUser.isEmpty()) {
            text = defaultUser + "@" + text;
        }
        int at = text.lastIndexOf('@');
        if (at > 0 && text.substring(0, at).contains(":")) {
            throw new BadUsage("expected USER@HOST:PORT, got '" + redact(text)
                + "'; a password never goes in the address: use OFFRAMP_<ROLE>_PASSWORD or --<role>-password-file");
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new BadUsage("expected USER@HOST:PORT (e.g. admin@db.example.com:3306), got '" + text + "'");
        }
        String host = m.group(2);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = m.group(3) != null ? Integer.parseInt(m.group(3)) : defaultPort != null ? defaultPort : 3306;
        return new ServerUri(m.group(1), host, port);
    }

    private static String redact(String text) {
        int at = text.lastIndexOf('@');
        int start = text.indexOf("://") >= 0 ? text.indexOf("://") + 3 : 0;
        int colon = text.indexOf(':', start);
        return colon >= 0 && colon < at ? text.substring(0, colon) + ":***" + text.substring(at) : text;
    }

    @Override
    public String toString() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return user + "@" + h + ":" + port;
    }
}
