package offramp.accounts;

import offramp.cli.CliRun;
import offramp.sandbox.LocalProvisionConfig;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import offramp.server.Connections;
import offramp.server.Endpoint;
import offramp.server.Secret;
import offramp.server.ServerUri;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * offramp copy carries a source's accounts: every plugin MariaDB has here (mysql_native_password,
 * mysql_old_password, ed25519, unix_socket, pam), a role with a default role, column and routine grants, WITH GRANT OPTION, REQUIRE SSL, ACCOUNT
 * LOCK, password expiry, resource limits, a proxy grant, wildcard and netmask hosts, a name that needs quoting.
 * SHOW CREATE USER and SHOW GRANTS match on both servers, the accounts log in to the target with their passwords,
 * no hash is printed, and what differs on the target is reported and left alone. An Aurora stand-in (rdsadmin, an
 * AWS_*_ACCESS role granted and made default) is left out and listed, and the copy goes on.
 */
class AccountCopyIT {

    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-accounts-it");

    private static final String WEIRD = "we'ird`name";
    private static final List<String> CARRIED = List.of("'app'@'%'", "'net'@'127.0.0.0/255.0.0.0'", "'tls'@'10.0.%'",
        "'ed'@'%'", "'multi'@'localhost'", "'we''ird`name'@'%'", "'reader'", "'pam'@'%'", "'old'@'%'");

    @Test
    void accountsArriveWithTheirGrantsAndPasswords() throws Exception {
        LocalServer source = sandbox.startServer("source", ServerOptions.defaults());
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(2));
        run(source, "INSTALL SONAME 'auth_ed25519'", "INSTALL SONAME 'auth_pam'",
            "CREATE USER 'pam'@'%' IDENTIFIED VIA pam USING 'offramp-pam-service'",
            "CREATE USER 'old'@'%' IDENTIFIED VIA mysql_old_password USING '6f8c114b58f2ce9e'",
            "CREATE DATABASE app", "CREATE TABLE app.t (a INT, b INT)", "INSERT INTO app.t VALUES (1, 2)",
            "CREATE PROCEDURE app.p() SELECT 1",
            "CREATE ROLE reader", "GRANT SELECT ON app.* TO reader",
            "CREATE USER 'app'@'%' IDENTIFIED BY 'app-pw' WITH MAX_QUERIES_PER_HOUR 100 MAX_USER_CONNECTIONS 5",
            "GRANT SELECT, INSERT ON app.* TO 'app'@'%' WITH GRANT OPTION",
            "CREATE USER 'net'@'127.0.0.0/255.0.0.0' IDENTIFIED BY 'net-pw'",
            "GRANT SELECT (a), UPDATE (b) ON app.t TO 'net'@'127.0.0.0/255.0.0.0'",
            "GRANT EXECUTE ON PROCEDURE app.p TO 'net'@'127.0.0.0/255.0.0.0'",
            "CREATE USER 'tls'@'10.0.%' IDENTIFIED BY 'tls-pw' REQUIRE SSL PASSWORD EXPIRE INTERVAL 30 DAY ACCOUNT LOCK",
            "CREATE USER 'ed'@'%' IDENTIFIED VIA ed25519 USING PASSWORD('ed-pw')",
            "GRANT ALL ON app.* TO 'ed'@'%'",
            "CREATE USER 'multi'@'localhost' IDENTIFIED VIA ed25519 USING PASSWORD('multi-pw') OR unix_socket",
            "CREATE USER 'we''ird`name'@'%' IDENTIFIED BY 'weird-pw'",
            "GRANT reader TO 'we''ird`name'@'%'", "SET DEFAULT ROLE reader FOR 'we''ird`name'@'%'",
            "GRANT PROXY ON 'app'@'%' TO 'we''ird`name'@'%'",
            "CREATE USER 'skipme'@'%' IDENTIFIED BY 'skip-pw'",
            "CREATE USER 'differs'@'%' IDENTIFIED BY 'differs-pw'", "GRANT SELECT ON app.* TO 'differs'@'%'",
            "CREATE DEFINER = 'app'@'%' VIEW app.v_app AS SELECT a FROM app.t",
            // An Aurora stand-in: its platform account, and one of its AWS roles granted and made default.
            "CREATE USER 'rdsadmin'@'localhost' IDENTIFIED BY 'rds-pw'", "CREATE ROLE AWS_LAMBDA_ACCESS",
            "CREATE USER 'lambda'@'%' IDENTIFIED BY 'lambda-pw'", "GRANT SELECT ON app.* TO 'lambda'@'%'",
            "GRANT AWS_LAMBDA_ACCESS TO 'lambda'@'%'", "SET DEFAULT ROLE AWS_LAMBDA_ACCESS FOR 'lambda'@'%'",
            "CREATE DEFINER = 'skipme'@'%' VIEW app.v_skipped AS SELECT b FROM app.t");
        run(target, "CREATE USER 'differs'@'%' IDENTIFIED BY 'differs-pw'");
        List<String> secrets = new ArrayList<>(List.of("app-pw", "net-pw", "ed-pw", "weird-pw", "multi-pw", "lambda-pw"));
        try (Connection s = source.connect()) {
            for (String account : CARRIED) {
                String create = lines(s, "SHOW GRANTS FOR " + account).get(0);
                int using = create.indexOf(" '");
                if (using > 0 && !account.equals("'reader'")) {
                    secrets.add(create.substring(using + 2, create.indexOf('\'', using + 2)));
                }
            }
        }

        // The target lacks ed25519: provision's preflight (offramp plan) says so before any snapshot ...
        Path config = sandbox.root().resolve("offramp.yaml");
        Files.writeString(config, String.join("\n",
            LocalProvisionConfig.head(sandbox.root().resolve("provision-work"), source, target, ""),
            "replication: { user: root, source-host: 127.0.0.1 }",
            "copy: { threads: 2, exclude-users: [skipme] }", ""));
        CliRun plan = CliRun.of("plan", "--config", config.toString());
        assertEquals(2, plan.exit(), plan.out() + plan.err());
        assertTrue(plan.out().contains("FAIL accounts: account 'ed'@'%' logs in with ed25519, which the target lacks: "
            + "INSTALL SONAME 'auth_ed25519'")
            && plan.out().contains("'ed'@'%'"), plan.out() + plan.err());
        // ... and copy refuses before anything changes, saying how to install it.
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        CliRun refused = copy(source, target, work, "--exclude-users", "skipme");
        assertEquals(2, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.err().contains("INSTALL SONAME 'auth_ed25519'") && refused.err().contains("'ed'@'%'"),
            refused.err());
        try (Connection t = target.connect()) {
            assertEquals(List.of("0"), lines(t, "SELECT COUNT(*) FROM mysql.user WHERE User IN ('app', 'reader')"));
            assertEquals(List.of("0"), lines(t, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'app'"));
        }

        assertTrue(refused.err().contains("'pam'@'%' logs in with pam"), refused.err());
        run(target, "INSTALL SONAME 'auth_ed25519'", "INSTALL SONAME 'auth_pam'");
        CliRun copied = copy(source, target, work, "--exclude-users", "skipme");
        assertEquals(0, copied.exit(), copied.out() + copied.err());
        String said = copied.out() + copied.err();
        assertTrue(said.contains("accounts: 10 to carry, 0 already on the target, 1 differ"), said);
        assertTrue(said.contains("account 'lambda'@'%': left out, only Aurora has them: role AWS_LAMBDA_ACCESS, "
            + "default role AWS_LAMBDA_ACCESS"), said);
        assertTrue(said.contains("definer skipme@% of view app.v_skipped does not exist on the target"), said);
        assertFalse(said.contains("definer app@%"), "app is created before the objects it defines: " + said);
        assertTrue(said.contains("'differs'@'%' differs on the target") && said.contains("the target lacks SELECT ON `app`.*"), said);
        for (String secret : secrets) {
            assertFalse(said.contains(secret), "printed a password or hash");
            assertFalse(Files.readString(work.resolve("copy-journal.jsonl")).contains(secret), "journalled a password or hash");
        }
        try (Connection s = source.connect(); Connection t = target.connect()) {
            for (String account : CARRIED) {
                assertEquals(lines(s, "SHOW GRANTS FOR " + account), lines(t, "SHOW GRANTS FOR " + account), account);
                if (!account.equals("'reader'")) {
                    assertEquals(lines(s, "SHOW CREATE USER " + account), lines(t, "SHOW CREATE USER " + account), account);
                }
            }
            assertEquals(List.of("0"), lines(t, "SELECT COUNT(*) FROM mysql.user WHERE User IN ('skipme', 'rdsadmin', "
                + "'AWS_LAMBDA_ACCESS')"));
            assertEquals(lines(s, "SHOW GRANTS FOR 'lambda'@'%'").stream().filter(g -> !g.contains("AWS_LAMBDA_ACCESS")).toList(),
                lines(t, "SHOW GRANTS FOR 'lambda'@'%'"));
            assertEquals(List.of("GRANT USAGE ON *.* TO `differs`@`%` IDENTIFIED BY PASSWORD '"
                + lines(t, "SELECT authentication_string FROM mysql.user WHERE User = 'differs'").get(0) + "'"),
                lines(t, "SHOW GRANTS FOR 'differs'@'%'"), "left alone");
        }
        assertEquals("1", login(target, "app", "app-pw", "SELECT COUNT(*) FROM app.t"));
        assertEquals("1", login(target, "lambda", "lambda-pw", "SELECT COUNT(*) FROM app.t"));
        assertEquals("1", login(target, "net", "net-pw", "SELECT a FROM app.t"));
        assertEquals("reader", login(target, WEIRD, "weird-pw", "SELECT CURRENT_ROLE()"));
        assertThrows(SQLException.class, () -> login(target, "app", "wrong", "SELECT 1"));

        // Interrupted after the accounts were created, before their grants (the journal as it was then): the rerun
        // gives the grants to the accounts this copy created, and still leaves alone the one it did not create.
        Path journal = work.resolve("copy-journal.jsonl");
        Files.write(journal, Files.readAllLines(journal).stream()
            .filter(l -> !l.contains("\"step\":\"accounts\"") && !l.contains("\"step\":\"done\"")).toList());
        run(target, "REVOKE EXECUTE ON PROCEDURE app.p FROM 'net'@'127.0.0.0/255.0.0.0'");
        CliRun resumed = copy(source, target, work, "--exclude-users", "skipme");
        assertEquals(0, resumed.exit(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("accounts: 1 to carry, 9 already on the target, 1 differ"), resumed.out());
        try (Connection s = source.connect(); Connection t = target.connect()) {
            String net = "'net'@'127.0.0.0/255.0.0.0'";
            assertEquals(lines(s, "SHOW GRANTS FOR " + net), lines(t, "SHOW GRANTS FOR " + net));
        }

        // Again from scratch into the same target (another schema, a new work directory): every account is there.
        run(source, "CREATE DATABASE more");
        CliRun again = copy(source, target, Files.createTempDirectory(sandbox.root(), "work"), "--schemas", "more",
            "--exclude-users", "skipme");
        assertEquals(0, again.exit(), again.out() + again.err());
        assertTrue((again.out() + again.err()).contains("accounts: 0 to carry, 10 already on the target, 1 differ"),
            again.out() + again.err());

        checksumComparesTheCarriedAccounts(source, target, secrets);
    }

    /**
     * checksum compares the accounts as copy carries them: what is only on the left or differs, never what only
     * the right has, never a hash.
     */
    private static void checksumComparesTheCarriedAccounts(LocalServer source, LocalServer target, List<String> secrets)
        throws SQLException {
        run(target, "CREATE USER 'monitor'@'%' IDENTIFIED BY 'monitor-pw'");
        CliRun all = checksum(source, target);
        assertEquals(4, all.exit(), all.out() + all.err());
        assertTrue(all.out().contains("DIFFERS account 'skipme'@'%': only on the left"), all.out());
        assertTrue(all.out().contains("DIFFERS account 'differs'@'%': grant SELECT ON `app`.* only on the left"), all.out());
        assertFalse(all.out().contains("monitor"), all.out());
        CliRun carried = checksum(source, target, "--exclude-users", "skipme,differs");
        assertEquals(0, carried.exit(), carried.out() + carried.err());
        assertTrue(carried.out().contains("10 accounts compared"), carried.out());

        run(target, "REVOKE EXECUTE ON PROCEDURE app.p FROM 'net'@'127.0.0.0/255.0.0.0'",
            "ALTER USER 'app'@'%' IDENTIFIED BY 'changed-pw'");
        CliRun changed = checksum(source, target, "--exclude-users", "skipme,differs");
        assertEquals(4, changed.exit(), changed.out() + changed.err());
        assertTrue(changed.out().contains("DIFFERS account 'net'@'127.0.0.0/255.0.0.0': grant EXECUTE ON PROCEDURE `app`.`p` "
            + "only on the left"), changed.out());
        assertTrue(changed.out().contains("DIFFERS account 'app'@'%': authentication and account options differ: "
            + "CREATE USER `app`@`%` IDENTIFIED BY PASSWORD '...'"), changed.out());
        for (String secret : secrets) {
            assertFalse(changed.out().contains(secret) || changed.err().contains(secret), "printed a password or hash");
        }
        assertEquals(0, checksum(source, target, "--no-accounts").exit());
    }

    private static CliRun checksum(LocalServer left, LocalServer right, String... more) {
        List<String> args = new ArrayList<>(List.of("checksum", "--left", left.uri("root").toString(),
            "--right", right.uri("root").toString(), "--threads", "2"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static CliRun copy(LocalServer source, LocalServer target, Path work, String... more) {
        List<String> args = new ArrayList<>(List.of("copy", "--from", source.uri("root").toString(),
            "--to", target.uri("root").toString(), "--work-dir", work.toString(), "--threads", "2"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static String login(LocalServer server, String user, String password, String query) throws SQLException {
        Endpoint as = new Endpoint("target", new ServerUri(user, "127.0.0.1", server.port()), new Secret(password));
        try (Connection c = Connections.open(as)) {
            return lines(c, query).get(0);
        }
    }

    private static void run(LocalServer server, String... statements) throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static List<String> lines(Connection c, String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return lines;
    }
}
