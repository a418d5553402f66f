package offramp.accounts;

import offramp.server.Dialect;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The statements each dialect reads accounts with, and the plugins it finds in CREATE USER as the manuals print it. */
class AccountStatementsTest {

    private static final Dialect MYSQL80 = Dialect.of("8.0.35");
    private static final Dialect MYSQL57 = Dialect.of("5.7.44-log");
    private static final Dialect MARIADB = Dialect.of("10.11.6-MariaDB");

    @Test
    void mysqlPrintsBinaryHashesAsHexFrom8017() {
        assertEquals(List.of("SET SESSION print_identified_with_as_hex = ON"), MYSQL80.accountReadingSettings());
        assertEquals(List.of(), Dialect.of("8.0.16").accountReadingSettings());
        assertEquals(List.of(), MARIADB.accountReadingSettings());
    }

    @Test
    void rolesAreFoundInEachFamilysWay() {
        assertTrue(MYSQL80.accountsQuery().contains("mysql.role_edges"));
        assertTrue(!MYSQL57.accountsQuery().contains("role_edges"));
        assertTrue(MARIADB.accountsQuery().contains("is_role = 'Y'"));
        assertNull(MARIADB.showCreateAccount("'reader'", true));
        assertEquals("SHOW CREATE USER 'reader'@'%'", MYSQL80.showCreateAccount("'reader'@'%'", true));
        assertEquals("CREATE ROLE 'reader'", MARIADB.createRole("'reader'"));
    }

    @Test
    void pluginsAsSHOWCREATEUSERNamesThem() {
        assertEquals(List.of("caching_sha2_password"), MYSQL80.authenticationPlugins(
            "CREATE USER `app`@`%` IDENTIFIED WITH 'caching_sha2_password' AS 0x244124303035 REQUIRE NONE PASSWORD EXPIRE "
                + "DEFAULT ACCOUNT UNLOCK PASSWORD HISTORY DEFAULT PASSWORD REUSE INTERVAL DEFAULT PASSWORD REQUIRE CURRENT DEFAULT"));
        assertEquals(List.of("mysql_native_password"), MYSQL57.authenticationPlugins(
            "CREATE USER 'app'@'%' IDENTIFIED WITH 'mysql_native_password' AS '*2B602296A79E0A8784ACC5C88D92E46588CCA3C3' "
                + "REQUIRE NONE PASSWORD EXPIRE DEFAULT ACCOUNT UNLOCK"));
        assertEquals(List.of("ed25519", "unix_socket"), MARIADB.authenticationPlugins(
            "CREATE USER `multi`@`localhost` IDENTIFIED VIA ed25519 USING 'Gv2JI8 OR pam' OR unix_socket"));
        assertEquals(List.of("mysql_native_password"), MARIADB.authenticationPlugins(
            "CREATE USER `x OR pam`@`%` IDENTIFIED BY PASSWORD '*77B4A70CEFD76DB9415F36D291E74C110D2738E0'"));
        assertEquals(List.of(), MARIADB.authenticationPlugins("CREATE USER `mariadb.sys`@`localhost` ACCOUNT LOCK PASSWORD EXPIRE"));
    }

    @Test
    void accountsAreCarriedWithinAFamily() {
        assertTrue(MARIADB.createsAccountsOf(Dialect.of("10.6.1-MariaDB")));
        assertTrue(MYSQL80.createsAccountsOf(MYSQL57));
        assertTrue(!MARIADB.createsAccountsOf(MYSQL80));
        assertTrue(MARIADB.installPluginAdvice("ed25519").contains("INSTALL SONAME 'auth_ed25519'"));
        assertTrue(Dialect.of("8.4.3").installPluginAdvice("mysql_native_password").contains("mysql_native_password=ON"));
        assertTrue(MYSQL80.installPluginAdvice("authentication_ldap_sasl").contains("INSTALL PLUGIN"));
    }
}
