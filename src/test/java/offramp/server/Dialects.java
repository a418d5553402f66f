package offramp.server;

import java.util.List;

/** One dialect of each release line offramp speaks to, for tests that need no server. */
public final class Dialects {

    public static final Dialect MYSQL_57 = Dialect.of("5.7.44-log");
    public static final Dialect MYSQL_80 = Dialect.of("8.0.39");
    public static final Dialect MYSQL_84 = Dialect.of("8.4.3");
    public static final Dialect MARIADB = Dialect.of("10.11.19-MariaDB-0+deb12u1-log");
    public static final List<Dialect> ALL = List.of(MYSQL_57, MYSQL_80, MYSQL_84, MARIADB);

    private Dialects() {
    }
}
