package offramp.workdir;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The logs other processes append to (cutover-guard.log, mariadb-backup.log) are 0600 like every work file. */
class PrivateLogTest {

    @TempDir
    Path dir;

    @Test
    void aNewLogIs0600AndAnOldOneIsTightenedKeepingItsLines() throws Exception {
        Path fresh = dir.resolve("cutover-guard.log");
        ProcessBuilder.Redirect.appendTo(WorkDirectory.privateLog(fresh));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));

        Path old = Files.writeString(dir.resolve("mariadb-backup.log"), "earlier run\n");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));
        Process p = new ProcessBuilder("echo", "this run").redirectOutput(
            ProcessBuilder.Redirect.appendTo(WorkDirectory.privateLog(old))).start();
        assertEquals(0, p.waitFor());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(old)));
        assertEquals("earlier run\nthis run\n", Files.readString(old));
    }
}
