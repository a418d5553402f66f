package offramp.snapshot;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The option-file value and release rules of the mariadb-backup provider. The escapes are the ones the server's
 * option-file reader undoes (checked by hand with the mysql client: a password holding a newline, a quote, a
 * backslash and # logs in through such a file).
 */
class MariadbBackupSnapshotTest {

    @Test
    void passwordsAreQuotedAndEscapedForAnOptionFile() {
        assertEquals("\"plain\"", MariadbBackupSnapshot.optionValue("plain"));
        assertEquals("\"a\\nb\\\"c\\\\d#e\"", MariadbBackupSnapshot.optionValue("a\nb\"c\\d#e"));
        assertEquals("\"x\\ry 'z' \"", MariadbBackupSnapshot.optionValue("x\ry 'z' "));
    }

    @Test
    void theToolMustBeOfTheServersRelease() {
        assertEquals("10.11", MariadbBackupSnapshot.release("10.11.19-MariaDB-0+deb12u1-log"));
        assertEquals("10.11", MariadbBackupSnapshot.release("10.11.19-MariaDB"));
        assertEquals("11.4", MariadbBackupSnapshot.release("11.4.5-MariaDB"));
    }
}
