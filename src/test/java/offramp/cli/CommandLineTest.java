package offramp.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the command line says without any server: versions, and errors in what the user gave it. */
class CommandLineTest {

    @TempDir
    Path dir;

    @Test
    void everyCommandPrintsTheVersion() {
        for (String command : List.of("binlog", "coordinates", "copy", "checksum", "replicate", "status", "plan",
                "provision", "cutover", "demo")) {
            for (String flag : List.of("-V", "--version")) {
                CliRun run = CliRun.of(command, flag);
                assertEquals(0, run.exit(), command + " " + flag + ": " + run.err());
                assertTrue(run.out().startsWith("offramp "), command + " " + flag + " printed '" + run.out() + "'");
            }
        }
    }

    @Test
    void aDirectoryAsPasswordFileIsNamedAsADirectory() {
        CliRun run = CliRun.of("checksum", "--left", "root@127.0.0.1:1", "--right", "root@127.0.0.1:2",
            "--left-password-file", dir.toString());
        assertEquals(ExitCodes.USAGE, run.exit(), run.err());
        assertTrue(run.err().contains("the left password file " + dir + " is a directory"), run.err());
        assertFalse(run.err().contains("chmod"), run.err());
    }
}
