package offramp.server;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SHOW GRANTS lines as MariaDB and MySQL 8 print them. */
class GrantsTest {

    @Test
    void allPrivilegesOnEverythingCoversEverySchema() {
        Grants g = Grants.parse(List.of("GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION",
            "GRANT PROXY ON ''@'%' TO 'root'@'localhost' WITH GRANT OPTION"));
        assertTrue(g.has("TRIGGER", "app"));
        assertTrue(g.hasGlobal("SELECT"));
        assertTrue(g.roles().isEmpty());
    }

    @Test
    void schemaGrantsWithWildcardsAndColumnLists() {
        Grants g = Grants.parse(List.of("GRANT USAGE ON *.* TO `loader`@`%`",
            "GRANT SELECT, INSERT, CREATE ON `app`.* TO `loader`@`%`",
            "GRANT ALL PRIVILEGES ON `shard\\_%`.* TO `loader`@`%`",
            "GRANT SELECT (`a`, `b`), UPDATE ON `app`.`t` TO `loader`@`%`"));
        assertTrue(g.has("INSERT", "app"));
        assertFalse(g.has("DROP", "app"));
        assertFalse(g.has("UPDATE", "app"), "a table grant is not a schema grant");
        assertTrue(g.has("DROP", "shard_7"));
        assertFalse(g.has("DROP", "shardx7"), "an escaped _ is a literal underscore");
        assertFalse(g.hasGlobal("SELECT"));
    }

    @Test
    void mysqlDynamicPrivilegesAndRoles() {
        Grants g = Grants.parse(List.of("GRANT SELECT, RELOAD ON *.* TO `admin`@`%`",
            "GRANT BACKUP_ADMIN,SHOW_ROUTINE ON *.* TO `admin`@`%`",
            "GRANT `rds_superuser_role`@`%` TO `admin`@`%`"));
        assertTrue(g.hasGlobal("SHOW_ROUTINE"));
        assertEquals(List.of("`rds_superuser_role`@`%`"), g.roles());
    }
}
