package offramp.accounts;

import offramp.usage.BadUsage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccountSelectionTest {

    private static final AccountName OFFRAMP = new AccountName("offramp", "10.%");

    private static boolean taken(AccountSelection s, String user, String host) {
        return s.leftOut(new AccountName(user, host), Set.of(OFFRAMP)).isEmpty();
    }

    @Test
    void byDefaultTheServersThePlatformsAndOfframpsOwnAreLeftOut() {
        AccountSelection s = AccountSelection.DEFAULT;
        for (String user : List.of("root", "rdsadmin", "rdsrepladmin", "rdsproxyadmin", "mysql.sys", "mysql.session",
            "mysql.infoschema", "mariadb.sys", "PUBLIC", "AWS_LOAD_S3_ACCESS", "rds_superuser_role", "")) {
            assertTrue(!taken(s, user, "localhost"), user);
        }
        assertTrue(!taken(s, "offramp", "10.%"));
        assertTrue(taken(s, "offramp", "%"), "another host is another account");
        assertTrue(taken(s, "app", "%"));
        assertTrue(taken(s, "reader", ""));
    }

    @Test
    void patternsChooseAndExcludeAndOnlyAnExactNameTakesADefaultOne() {
        AccountSelection s = new AccountSelection(List.of("app*", "root@localhost", "offramp@10.%"), List.of("app_old@*"));
        assertTrue(taken(s, "app", "10.0.%"));
        assertTrue(taken(s, "app_ro", "%"));
        assertTrue(!taken(s, "app_old", "%"));
        assertTrue(!taken(s, "report", "%"));
        assertTrue(taken(s, "root", "localhost"));
        assertTrue(!taken(s, "root", "%"));
        assertTrue(taken(s, "offramp", "10.%"));
        assertTrue(!taken(new AccountSelection(List.of("r*"), List.of()), "root", "localhost"), "a wildcard does not name root");
        assertEquals(Optional.of("excluded by --exclude-users"),
            new AccountSelection(List.of(), List.of("*")).leftOut(new AccountName("app", "%"), Set.of()));
        assertTrue(taken(new AccountSelection(List.of("'we''ird'@'%'".replace("''", "'")), List.of()), "we'ird", "%"));
    }

    @Test
    void onlyExcludingEveryAccountCarriesNone() {
        assertTrue(new AccountSelection(List.of(), List.of("*")).carriesNone());
        assertTrue(!new AccountSelection(List.of(), List.of("*@localhost")).carriesNone());
        assertTrue(!AccountSelection.DEFAULT.carriesNone());
    }

    @Test
    void anEmptyPatternIsBadUsage() {
        BadUsage e = assertThrows(BadUsage.class, () -> new AccountSelection(List.of(""), List.of()));
        assertTrue(e.getMessage().contains("--users"), e.getMessage());
        assertThrows(BadUsage.class, () -> new AccountSelection(List.of(), List.of("@%")));
    }
}
