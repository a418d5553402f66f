package offramp.sandbox;

import offramp.system.Executables;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the server programs are. {@code OFFRAMP_MYSQLD} and {@code OFFRAMP_INSTALL_DB} choose other binaries
 * (a MySQL 8 {@code mysqld}, whose data directory is made with {@code --initialize-insecure}); otherwise the
 * MariaDB packages' programs are looked up on the PATH and in /usr/sbin.
 */
public record ServerBinaries(Path server, Path installDb) {

    static final String INSTALL_HINT = "install the MariaDB server and client packages "
        + "(Debian/Ubuntu: apt-get install -y mariadb-server mariadb-client), or set OFFRAMP_MYSQLD to a server binary";

    public static ServerBinaries locate() {
        Path server = fromEnv("OFFRAMP_MYSQLD").or(() -> onPath("mariadbd", "mysqld"))
            .orElseThrow(() -> new SandboxException("no MySQL or MariaDB server program found: " + INSTALL_HINT));
        Path installDb = fromEnv("OFFRAMP_INSTALL_DB").or(() -> onPath("mariadb-install-db", "mysql_install_db"))
            .orElse(null);
        if (installDb == null && !isMysql(server)) {
            throw new SandboxException("mariadb-install-db not found: " + INSTALL_HINT);
        }
        return new ServerBinaries(server, installDb);
    }

    /** True when the server is Oracle MySQL, which initialises its data directory itself. */
    public boolean mysql() {
        return isMysql(server);
    }

    public static boolean available() {
        try {
            locate();
            return true;
        } catch (SandboxException e) {
            return false;
        }
    }

    private static boolean isMysql(Path server) {
        return server.getFileName().toString().equals("mysqld") && !Files.exists(server.resolveSibling("mariadbd"));
    }

    private static Optional<Path> fromEnv(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
    }

    private static Optional<Path> onPath(String... names) {
        return Executables.find(List.of(names), "/usr/sbin", "/usr/local/sbin", "/usr/bin");
    }

    List<String> initializeCommand(Path datadir) {
        if (mysql()) {
            return List.of(server.toString(), "--no-defaults", "--initialize-insecure", "--datadir=" + datadir,
                "--user=" + System.getProperty("user.name"));
        }
        return List.of(installDb.toString(), "--no-defaults", "--datadir=" + datadir,
            "--auth-root-authentication-method=normal", "--skip-test-db", "--user=" + System.getProperty("user.name"));
    }
}
