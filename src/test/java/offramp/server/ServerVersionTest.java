package offramp.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerVersionTest {

    @ParameterizedTest
    @CsvSource({
        "10.11.18-MariaDB-0+deb12u1-log, MARIADB, 10, 11, 18",
        "11.4.5-MariaDB,                 MARIADB, 11,  4,  5",
        "5.5.5-10.6.4-MariaDB,           MARIADB, 10,  6,  4",
        "5.7.12-log,                     MYSQL,    5,  7, 12",
        "8.0.39,                         MYSQL,    8,  0, 39",
        "8.0.28-0ubuntu0.20.04.3,        MYSQL,    8,  0, 28",
        "8.4.2,                          MYSQL,    8,  4,  2",
        "9.1.0-commercial,               MYSQL,    9,  1,  0",
    })
    void parsesFamilyAndNumbersOnce(String text, ServerVersion.Family family, int major, int minor, int patch) {
        ServerVersion v = ServerVersion.parse(text);
        assertEquals(new ServerVersion(family, major, minor, patch, text, null), v);
        assertEquals(text, v.toString());
    }

    @Test
    void aMariadbWithoutNumbersIsStillMariadbAndAnUnknownMysqlIsRefused() {
        assertTrue(ServerVersion.parse("MariaDB").isMariaDb());
        assertThrows(IllegalArgumentException.class, () -> ServerVersion.parse("eight"));
    }

    @ParameterizedTest
    @CsvSource({
        "8.0.26, 8, 0, 26, true",
        "8.0.25, 8, 0, 26, false",
        "8.1.0,  8, 0, 26, true",
        "9.0.0,  8, 4, 99, true",
        "5.7.44, 8, 0,  0, false",
    })
    void comparesWithAThreshold(String text, int major, int minor, int patch, boolean atLeast) {
        assertEquals(atLeast, ServerVersion.parse(text).atLeast(major, minor, patch));
    }

    @Test
    void ordersWithinAFamilyAndNotesAurora() {
        assertTrue(ServerVersion.parse("8.0.9").compareTo(ServerVersion.parse("8.0.10")) < 0);
        assertTrue(ServerVersion.parse("8.4.0").compareTo(ServerVersion.parse("8.0.40")) > 0);
        ServerVersion aurora = ServerVersion.parse("8.0.32").onAurora("3.05.2");
        assertTrue(aurora.isAurora());
        assertFalse(ServerVersion.parse("8.0.32").isAurora());
        assertEquals(0, aurora.compareTo(ServerVersion.parse("8.0.32")));
    }

    @Test
    void theReleaseLine() {
        assertEquals("10.11", ServerVersion.parse("10.11.19-MariaDB").release());
        assertEquals("10.11", ServerVersion.releaseOf("10.11.6-MariaDB"));
        assertEquals("unknown", ServerVersion.releaseOf("unknown"));
        assertEquals(Dialect.of("8.0.39"), Dialect.of("8.0.39"));
    }
}
