package offramp.accounts;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** SHOW GRANTS and SHOW CREATE USER as Aurora MySQL 2 and 3 print them, after the AWS user guide's GRANT examples. */
class AuroraPrivilegesTest {

    private static AuroraPrivileges.Carried carried(String create, String... grants) {
        return AuroraPrivileges.carried(new AccountDefinition(new AccountName("app", "%"), false, create, List.of(grants)));
    }

    @Test
    void auroraTwoPrivilegesAreLeftOutOfTheirLinesAndListed() {
        AuroraPrivileges.Carried c = carried("CREATE USER 'app'@'%' IDENTIFIED WITH 'mysql_native_password' AS '*AB'",
            "GRANT USAGE ON *.* TO 'app'@'%'",
            "GRANT SELECT, INSERT, LOAD FROM S3, SELECT INTO S3 ON *.* TO 'app'@'%'",
            "GRANT INVOKE LAMBDA, INVOKE SAGEMAKER, INVOKE COMPREHEND ON *.* TO 'app'@'%'",
            "GRANT SELECT (`a`, `b`), UPDATE (`b`) ON `app`.`t` TO 'app'@'%' WITH GRANT OPTION");
        assertEquals(List.of("GRANT USAGE ON *.* TO 'app'@'%'", "GRANT SELECT, INSERT ON *.* TO 'app'@'%'",
            "GRANT SELECT (`a`, `b`), UPDATE (`b`) ON `app`.`t` TO 'app'@'%' WITH GRANT OPTION"), c.definition().grants());
        assertEquals(List.of("LOAD FROM S3 ON *.*", "SELECT INTO S3 ON *.*", "INVOKE LAMBDA ON *.*", "INVOKE SAGEMAKER ON *.*",
            "INVOKE COMPREHEND ON *.*"), c.leftOut());
    }

    @Test
    void auroraThreeRolesAreLeftOutOfRoleGrantsAndDefaultRoles() {
        AuroraPrivileges.Carried c = carried("CREATE USER `app`@`%` IDENTIFIED WITH 'caching_sha2_password' AS 0x24 "
                + "DEFAULT ROLE `AWS_LOAD_S3_ACCESS`@`%`,`reader`@`%` REQUIRE NONE PASSWORD EXPIRE DEFAULT ACCOUNT UNLOCK",
            "GRANT USAGE ON *.* TO `app`@`%`",
            "GRANT `AWS_LOAD_S3_ACCESS`@`%`,`reader`@`%` TO `app`@`%`",
            "GRANT `AWS_LAMBDA_ACCESS`@`%` TO `app`@`%`");
        assertEquals(List.of("GRANT USAGE ON *.* TO `app`@`%`", "GRANT `reader`@`%` TO `app`@`%`"), c.definition().grants());
        assertEquals("CREATE USER `app`@`%` IDENTIFIED WITH 'caching_sha2_password' AS 0x24 DEFAULT ROLE `reader`@`%` "
            + "REQUIRE NONE PASSWORD EXPIRE DEFAULT ACCOUNT UNLOCK", c.definition().create());
        assertEquals(List.of("role AWS_LOAD_S3_ACCESS", "role AWS_LAMBDA_ACCESS", "default role AWS_LOAD_S3_ACCESS"), c.leftOut());
    }

    @Test
    void aDefaultRoleClauseOfOnlyAuroraRolesGoes() {
        AuroraPrivileges.Carried c = carried("CREATE USER `app`@`%` IDENTIFIED WITH 'mysql_native_password' AS '*AB' "
            + "DEFAULT ROLE `AWS_SELECT_S3_ACCESS`@`%` REQUIRE NONE");
        assertEquals("CREATE USER `app`@`%` IDENTIFIED WITH 'mysql_native_password' AS '*AB' REQUIRE NONE", c.definition().create());
    }

    @Test
    void anAccountWithoutThemIsUnchanged() {
        AuroraPrivileges.Carried c = carried("CREATE USER `app`@`%` IDENTIFIED BY PASSWORD '*AB'",
            "GRANT SELECT ON `s3`.* TO `app`@`%`", "SET DEFAULT ROLE `reader` FOR `app`@`%`");
        assertEquals(List.of("GRANT SELECT ON `s3`.* TO `app`@`%`", "SET DEFAULT ROLE `reader` FOR `app`@`%`"), c.definition().grants());
        assertEquals(List.of(), c.leftOut());
    }

    @Test
    void aLineOfOnlyAuroraPrivilegesGoesWhole() {
        List<String> removed = new ArrayList<>();
        assertNull(GrantText.without("GRANT LOAD FROM S3 ON *.* TO 'app'@'%'", AuroraPrivileges::auroraOnly, removed));
        assertNull(GrantText.without("SET DEFAULT ROLE `AWS_LOAD_S3_ACCESS` FOR `app`@`%`", AuroraPrivileges::auroraOnly, removed));
        assertEquals(List.of("LOAD FROM S3 ON *.*", "default role AWS_LOAD_S3_ACCESS"), removed);
    }
}
