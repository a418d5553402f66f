package offramp.catalog;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TableDefinitionTest {

    @Test
    void secondaryIndexesAndForeignKeysAreDeferred() {
        String create = String.join("\n",
            "CREATE TABLE `child` (",
            "  `id` int(11) NOT NULL AUTO_INCREMENT,",
            "  `parent_id` int(11) NOT NULL,",
            "  `code` varchar(8) NOT NULL,",
            "  PRIMARY KEY (`id`),",
            "  UNIQUE KEY `by_code` (`code`),",
            "  KEY `by_parent` (`parent_id`),",
            "  CONSTRAINT `child_parent` FOREIGN KEY (`parent_id`) REFERENCES `parent` (`id`) ON DELETE CASCADE",
            ") ENGINE=InnoDB AUTO_INCREMENT=301 DEFAULT CHARSET=latin1");
        TableDefinition d = TableDefinition.split(create);
        assertEquals(String.join("\n",
            "CREATE TABLE `child` (",
            "  `id` int(11) NOT NULL AUTO_INCREMENT,",
            "  `parent_id` int(11) NOT NULL,",
            "  `code` varchar(8) NOT NULL,",
            "  PRIMARY KEY (`id`)",
            ") ENGINE=InnoDB AUTO_INCREMENT=301 DEFAULT CHARSET=latin1"), d.createWithoutSecondary());
        assertEquals(List.of("ADD UNIQUE KEY `by_code` (`code`)", "ADD KEY `by_parent` (`parent_id`)"), d.secondaryIndexes());
        assertEquals(List.of("ADD CONSTRAINT `child_parent` FOREIGN KEY (`parent_id`) REFERENCES `parent` (`id`) ON DELETE CASCADE"),
            d.foreignKeys());
        assertEquals("by_code", TableDefinition.nameOf(d.secondaryIndexes().get(0)));
        assertEquals("child_parent", TableDefinition.nameOf(d.foreignKeys().get(0)));
    }

    @Test
    void theIndexAnAutoIncrementColumnNeedsStays() {
        String create = String.join("\n",
            "CREATE TABLE `t` (",
            "  `a` int(11) NOT NULL,",
            "  `seq` int(11) NOT NULL AUTO_INCREMENT,",
            "  PRIMARY KEY (`a`,`seq`),",
            "  KEY `by_seq` (`seq`),",
            "  KEY `other` (`a`)",
            ") ENGINE=InnoDB");
        TableDefinition d = TableDefinition.split(create);
        assertEquals(List.of("ADD KEY `other` (`a`)"), d.secondaryIndexes());
        assertEquals(true, d.createWithoutSecondary().contains("KEY `by_seq` (`seq`)"));
    }

    @Test
    void aTableWithoutKeysIsLeftAsItIs() {
        String create = "CREATE TABLE `nokey` (\n  `a` int(11) DEFAULT NULL\n) ENGINE=InnoDB";
        TableDefinition d = TableDefinition.split(create);
        assertEquals(create, d.createWithoutSecondary());
        assertEquals(List.of(), d.secondaryIndexes());
        assertNull(TableDefinition.nameOf("ADD PRIMARY KEY (`a`)"));
    }
}
