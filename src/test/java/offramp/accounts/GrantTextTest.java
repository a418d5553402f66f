package offramp.accounts;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrantTextTest {

    @Test
    void describesWithoutTheAccountPartWhereMariadbPrintsTheHash() {
        assertEquals("USAGE ON *.*", GrantText.describe(
            "GRANT USAGE ON *.* TO `app`@`%` IDENTIFIED BY PASSWORD '*2B602296A79E0A8784ACC5C88D92E46588CCA3C3'"));
        assertEquals("SELECT (`a`), UPDATE (`b`) ON `app`.`t`",
            GrantText.describe("GRANT SELECT (`a`), UPDATE (`b`) ON `app`.`t` TO `ed`@`192.168.1.0/255.255.255.0` WITH GRANT OPTION"));
        assertEquals("EXECUTE ON PROCEDURE `app`.`p`", GrantText.describe("GRANT EXECUTE ON PROCEDURE `app`.`p` TO `ed`@`%`"));
        assertEquals("role `reader`", GrantText.describe("GRANT `reader` TO `q'uo``te`@`%`"));
        assertEquals("default role `reader`", GrantText.describe("SET DEFAULT ROLE `reader` FOR `q'uo``te`@`%`"));
        assertEquals("PROXY ON `multi`@`localhost`", GrantText.describe("GRANT PROXY ON `multi`@`localhost` TO `x`@`%`"));
    }

    @Test
    void wordsInsideQuotedNamesAndColumnListsDoNotCount() {
        assertEquals("SELECT (` ON `, `TO`) ON ` TO `.`t`",
            GrantText.describe("GRANT SELECT (` ON `, `TO`) ON ` TO `.`t` TO `u`@`%`"));
        List<String> removed = new ArrayList<>();
        String line = "GRANT SELECT (`LOAD FROM S3`) ON `a`.`t` TO `u`@`%`";
        assertEquals(line, GrantText.without(line, AuroraPrivileges::auroraOnly, removed));
        assertEquals(List.of(), removed);
    }

    @Test
    void onlyUsageIsTheLineThatRestatesTheAccount() {
        assertTrue(GrantText.onlyUsage("GRANT USAGE ON *.* TO `app`@`%` IDENTIFIED BY PASSWORD '*AB' REQUIRE SSL"));
        assertFalse(GrantText.onlyUsage("GRANT USAGE ON *.* TO `app`@`%` WITH GRANT OPTION"));
        assertFalse(GrantText.onlyUsage("GRANT USAGE ON `app`.* TO `app`@`%`"));
    }
}
