package offramp.verify;

import offramp.accounts.AccountDefinition;
import offramp.accounts.AccountName;
import offramp.server.AccountText;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AccountComparisonTest {

    private static final AccountName APP = new AccountName("app", "%");

    private static AccountDefinition app(String create, String... grants) {
        return new AccountDefinition(APP, false, create, List.of(grants));
    }

    @Test
    void aMissingAccountAMissingGrantAndAnExtraGrantAreDifferences() {
        AccountDefinition left = app("CREATE USER `app`@`%` IDENTIFIED BY PASSWORD '*AB'",
            "GRANT SELECT ON `app`.* TO `app`@`%`", "GRANT EXECUTE ON PROCEDURE `app`.`p` TO `app`@`%`");
        AccountDefinition right = app("CREATE USER `app`@`%` IDENTIFIED BY PASSWORD '*AB'",
            "GRANT SELECT ON `app`.* TO `app`@`%`", "GRANT DELETE ON `app`.* TO `app`@`%`");
        AccountDefinition reader = new AccountDefinition(new AccountName("reader", ""), true, "CREATE ROLE 'reader'", List.of());
        List<String> found = AccountComparison.differences(List.of(left, reader), Map.of(APP, right)).stream()
            .map(Difference::toString).toList();
        assertEquals(List.of("account 'app'@'%': grant EXECUTE ON PROCEDURE `app`.`p` only on the left",
            "account 'app'@'%': grant DELETE ON `app`.* only on the right", "role 'reader': only on the left"), found);
    }

    @Test
    void theSameAccountIsNoDifferenceAndAnotherHashIsShownBlanked() {
        AccountDefinition left = app("CREATE USER `app`@`%` IDENTIFIED VIA ed25519 USING 'SECRET' REQUIRE SSL",
            "GRANT USAGE ON *.* TO `app`@`%` IDENTIFIED VIA ed25519 USING 'SECRET' REQUIRE SSL");
        assertEquals(List.of(), AccountComparison.differences(List.of(left), Map.of(APP, left)));
        AccountDefinition right = app("CREATE USER `app`@`%` IDENTIFIED VIA ed25519 USING 'OTHER'",
            "GRANT USAGE ON *.* TO `app`@`%` IDENTIFIED VIA ed25519 USING 'OTHER'");
        assertEquals(List.of("account 'app'@'%': authentication and account options differ: CREATE USER `app`@`%` IDENTIFIED "
                + "VIA ed25519 USING '...' REQUIRE SSL on the left, CREATE USER `app`@`%` IDENTIFIED VIA ed25519 USING '...' on the right"),
            AccountComparison.differences(List.of(left), Map.of(APP, right)).stream().map(Difference::toString).toList());
    }

    @Test
    void hashesAreBlankedInEveryFormTheServersPrint() {
        assertEquals("CREATE USER `a'b`@`%` IDENTIFIED WITH 'caching_sha2_password' AS '...' REQUIRE NONE",
            AccountText.withoutSecrets("CREATE USER `a'b`@`%` IDENTIFIED WITH 'caching_sha2_password' AS 0x2441243030 REQUIRE NONE"));
        assertEquals("CREATE USER 'app'@'%' IDENTIFIED WITH 'mysql_native_password' AS '...'",
            AccountText.withoutSecrets("CREATE USER 'app'@'%' IDENTIFIED WITH 'mysql_native_password' AS '*2B60''\\\\x'"));
        assertEquals("CREATE USER `app`@`%` IDENTIFIED BY PASSWORD '...' ACCOUNT LOCK",
            AccountText.withoutSecrets("CREATE USER `app`@`%` IDENTIFIED BY PASSWORD '*2B60' ACCOUNT LOCK"));
    }

    @Test
    void theFencesLockIsNoDifferenceOfAnApplicationAccount() {
        AccountDefinition open = app("CREATE USER `app`@`%` IDENTIFIED BY PASSWORD '*AB' ACCOUNT UNLOCK PASSWORD HISTORY DEFAULT");
        AccountDefinition locked = app("CREATE USER `app`@`%` IDENTIFIED BY PASSWORD '*AB' ACCOUNT LOCK PASSWORD HISTORY DEFAULT");
        AccountDefinition mariadbLocked = app("CREATE USER `app`@`%` IDENTIFIED BY PASSWORD '*AB' ACCOUNT LOCK");
        assertEquals(AccountComparison.unlocked(open), AccountComparison.unlocked(locked));
        assertEquals("CREATE USER `app`@`%` IDENTIFIED BY PASSWORD '*AB'", AccountComparison.unlocked(mariadbLocked).create());
        assertEquals(1, AccountComparison.differences(List.of(AccountComparison.unlocked(open)),
            Map.of(APP, AccountComparison.unlocked(app("CREATE USER `app`@`%` IDENTIFIED BY PASSWORD '*CD' ACCOUNT UNLOCK "
                + "PASSWORD HISTORY DEFAULT")))).size(), "another password is a difference");
    }
}
