package offramp.copy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DefinerPolicyTest {

    private static final String VIEW = "CREATE ALGORITHM=UNDEFINED DEFINER=`rdsadmin`@`localhost` SQL SECURITY DEFINER VIEW `v` AS select 1";

    @Test
    void keepStripAndReplace() {
        assertEquals(VIEW, DefinerPolicy.parse("keep").apply(VIEW));
        assertEquals("CREATE ALGORITHM=UNDEFINED SQL SECURITY DEFINER VIEW `v` AS select 1", DefinerPolicy.parse("strip").apply(VIEW));
        assertEquals("CREATE ALGORITHM=UNDEFINED DEFINER=`app`@`%` SQL SECURITY DEFINER VIEW `v` AS select 1",
            DefinerPolicy.parse("replace=app@%").apply(VIEW));
    }

    @Test
    void readsTheDefinerAccount() {
        assertArrayEquals(new String[] {"rdsadmin", "localhost"}, DefinerPolicy.definerOf(VIEW).orElseThrow());
        assertArrayEquals(new String[] {"root", "%"},
            DefinerPolicy.definerOf("CREATE DEFINER=`root`@`%` TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET @a = 1").orElseThrow());
    }

    @Test
    void badPoliciesNameTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DefinerPolicy.parse("replace=nobody"));
        assertEquals(true, e.getMessage().contains("keep, strip or replace=USER@HOST"));
    }
}
