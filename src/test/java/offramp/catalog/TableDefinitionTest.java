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
        assertEquals(List.of(new AddClause("ADD UNIQUE KEY `by_code` (`code`)", "by_code", AddClause.Kind.UNIQUE),
            new AddClause("ADD KEY `by_parent` (`parent_id`)", "by_parent", AddClause.Kind.KEY)), d.secondaryIndexes());
        assertEquals(List.of(new AddClause("ADD CONSTRAINT `child_parent` FOREIGN KEY (`parent_id`) REFERENCES `parent` (`id`) "
            + "ON DELETE CASCADE", "child_parent", AddClause.Kind.FOREIGN_KEY)), d.foreignKeys());
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
        assertEquals(List.of("ADD KEY `other` (`a`)"), d.secondaryIndexes().stream().map(AddClause::sql).toList());
        assertEquals(true, d.createWithoutSecondary().contains("KEY `by_seq` (`seq`)"));
    }

    @Test
    void aTableWithoutKeysIsLeftAsItIs() {
        String create = "CREATE TABLE `nokey` (\n  `a` int(11) DEFAULT NULL\n) ENGINE=InnoDB";
        TableDefinition d = TableDefinition.split(create);
        assertEquals(create, d.createWithoutSecondary());
        assertEquals(List.of(), d.secondaryIndexes());
    }

    @Test
    void theKindOfAnIndexComesFromItsDefinitionNotFromWordsInItsNames() {
        String create = String.join("\n",
            "CREATE TABLE `docs` (",
            "  `id` int(11) NOT NULL,",
            "  `FULLTEXT body` text NOT NULL,",
            "  `place` point NOT NULL,",
            "  PRIMARY KEY (`id`),",
            "  KEY `SPATIAL idx` (`id`),",
            "  KEY `on body` (`FULLTEXT body`(10)) COMMENT 'not a FULLTEXT index',",
            "  UNIQUE KEY `u``q` (`id`),",
            "  SPATIAL KEY `where` (`place`),",
            "  FULLTEXT KEY `words` (`FULLTEXT body`)",
            ") ENGINE=InnoDB");
        List<AddClause> indexes = TableDefinition.split(create).secondaryIndexes();
        assertEquals(List.of("SPATIAL idx", "on body", "u`q", "where", "words"), indexes.stream().map(AddClause::name).toList());
        assertEquals(List.of(false, false, false, true, true), indexes.stream().map(AddClause::fullTextOrSpatial).toList());
        assertEquals(AddClause.Kind.UNIQUE, indexes.get(2).kind());
    }

    @Test
    void anIndexWithoutANameHasNone() {
        assertNull(AddClause.ofIndex("KEY (`a`)").name());
        assertEquals(AddClause.Kind.KEY, AddClause.ofIndex("KEY (`a`)").kind());
    }
}
