package offramp.verify;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DefinitionPartsTest {

    private static final String TABLE = """
        CREATE TABLE `t` (
          `id` int(11) NOT NULL AUTO_INCREMENT,
          `v` varchar(20) DEFAULT NULL,
          `w` int(11) DEFAULT NULL,
          PRIMARY KEY (`id`),
          KEY `by_v` (`v`),
          CONSTRAINT `w_positive` CHECK (`w` > 0)
        ) ENGINE=InnoDB AUTO_INCREMENT=8 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='a = b, c'""";

    private static List<String> differences(String left, String right) {
        return DefinitionParts.compare("table app.t", DefinitionParts.ofTable(left), DefinitionParts.ofTable(right))
            .stream().map(Difference::toString).toList();
    }

    @Test
    void theSameDefinitionHasNoDifferences() {
        assertEquals(List.of(), differences(TABLE, TABLE));
    }

    @Test
    void aColumnAnIndexAndTheCounterAreNamed() {
        String right = TABLE.replace("`v` varchar(20)", "`v` varchar(21)").replace("KEY `by_v` (`v`)", "KEY `by_v` (`v`,`w`)")
            .replace("AUTO_INCREMENT=8", "AUTO_INCREMENT=100");
        assertEquals(List.of(
            "table app.t: column `v` differs: `v` varchar(20) DEFAULT NULL on the left, `v` varchar(21) DEFAULT NULL on the right",
            "table app.t: index `by_v` differs: KEY `by_v` (`v`) on the left, KEY `by_v` (`v`,`w`) on the right",
            "table app.t: AUTO_INCREMENT differs: 8 on the left, 100 on the right"), differences(TABLE, right));
    }

    @Test
    void partsOnOneSideOnlyAndAnOptionLeftOut() {
        String right = TABLE.replace("  `w` int(11) DEFAULT NULL,\n", "").replace("  KEY `by_v` (`v`),\n", "")
            .replace(" AUTO_INCREMENT=8", "").replace("CHECK (`w` > 0)", "CHECK (`id` > 0)");
        assertEquals(List.of(
            "table app.t: column `w` only on the left",
            "table app.t: index `by_v` only on the left",
            "table app.t: constraint `w_positive` differs: CONSTRAINT `w_positive` CHECK (`w` > 0) on the left, "
                + "CONSTRAINT `w_positive` CHECK (`id` > 0) on the right",
            "table app.t: AUTO_INCREMENT differs: 8 on the left, not set on the right"), differences(TABLE, right));
    }

    @Test
    void theSameColumnsInAnotherOrder() {
        String right = TABLE.replace("  `v` varchar(20) DEFAULT NULL,\n  `w` int(11) DEFAULT NULL,\n",
            "  `w` int(11) DEFAULT NULL,\n  `v` varchar(20) DEFAULT NULL,\n");
        assertEquals(List.of("table app.t: column order differs: `id`, `v`, `w` on the left, `id`, `w`, `v` on the right"),
            differences(TABLE, right));
    }

    @Test
    void aTriggersDefinerHeaderAndBodyApart() {
        String left = "CREATE DEFINER=`root`@`localhost` TRIGGER `audit` BEFORE INSERT ON `t` FOR EACH ROW SET NEW.v = 'a'";
        String right = "CREATE DEFINER=`app`@`%` TRIGGER `audit` BEFORE INSERT ON `t` FOR EACH ROW SET NEW.v = 'b'";
        assertEquals(List.of(
                "trigger app.audit: definer differs: `root`@`localhost` on the left, `app`@`%` on the right",
                "trigger app.audit: body differs: SET NEW.v = 'a' on the left, SET NEW.v = 'b' on the right"),
            DefinitionParts.compare("trigger app.audit", DefinitionParts.ofObject("TRIGGER", left),
                DefinitionParts.ofObject("TRIGGER", right)).stream().map(Difference::toString).toList());
    }

    @Test
    void aLongBodyIsShownAroundItsFirstDifference() {
        String body = "BEGIN " + "SELECT 1; ".repeat(30);
        Difference d = new Difference("procedure app.p", "definition", body + "SELECT 2; END", body + "SELECT 3; END");
        assertEquals("procedure app.p: definition differs from character 314: ...1; SELECT 1; SELECT 1; "
            + "SELECT 2; END on the left, ...1; SELECT 1; SELECT 1; SELECT 3; END on the right", d.toString());
    }

    @Test
    void aDifferenceInNoNamedPartShowsTheWholeDefinitions() {
        String right = TABLE + " /*!50100 TABLESPACE `other` */";
        List<Difference> found = SchemaComparison.partsThatDiffer("table app.t", TABLE, right);
        assertEquals(List.of(new Difference("table app.t", "definition", TABLE, right)), found);
    }

    @Test
    void aRoutineIsComparedByDefinerAndDefinition() {
        String left = "CREATE DEFINER=`root`@`localhost` PROCEDURE `p`()\nBEGIN SELECT 1; END";
        String right = "CREATE DEFINER=`root`@`localhost` PROCEDURE `p`()\nBEGIN SELECT 2; END";
        assertEquals(List.of("procedure app.p: definition differs: CREATE PROCEDURE `p`() BEGIN SELECT 1; END on the left, "
                + "CREATE PROCEDURE `p`() BEGIN SELECT 2; END on the right"),
            SchemaComparison.partsThatDiffer("procedure app.p", left, right).stream().map(Difference::toString).toList());
    }
}
