package offramp.snapshot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The clone's cleanup says what it removed, and removes only what it says. */
class CloneServerTest {

    @Test
    void theCopyIsRemovedWithItsPathAndSize(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("clone-data");
        Files.createDirectories(copy.resolve("db"));
        Files.write(copy.resolve("db/t.ibd"), new byte[3 << 20]);
        Removal removal = CloneServer.cleanup(Map.of("datadir", copy.toString(), "copy-is-ours", "true"));
        assertEquals(List.of("removed " + copy + " (3.0 MiB)"), removal.lines());
        assertFalse(Files.exists(copy));
    }

    /** A pid file left by a server long gone may name another process since: that one is not stopped. */
    @Test
    void aPidFileNamingAnotherProgramStopsNothing(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("clone-data");
        Files.createDirectories(copy);
        String pid = ProcessHandle.current().pid() + "\n";
        Files.writeString(copy.resolve("server.pid"), pid);
        Removal removal = CloneServer.cleanup(Map.of("datadir", copy.toString(), "copy-is-ours", "true", "port", "3310"));
        assertEquals(List.of("removed " + copy + " (" + pid.length() + " bytes)"), removal.lines(), "no 'stopped' line");
        assertTrue(ProcessHandle.current().isAlive());
    }

    @Test
    void aCopyTheSnapshotCommandMadeIsKeptAndNothingMadeIsSaid(@TempDir Path dir) {
        Removal kept = CloneServer.cleanup(Map.of("datadir", dir.toString(), "copy-is-ours", "false"));
        assertEquals(List.of("kept " + dir + ": the snapshot command made it, remove it with the tool that made it"), kept.lines());
        assertTrue(Files.exists(dir));
        assertEquals(List.of("nothing to remove: no copy was made"), CloneServer.cleanup(Map.of()).lines());
        Path gone = dir.resolve("gone");
        assertEquals(List.of("nothing to remove: the copy " + gone + " was already gone"),
            CloneServer.cleanup(Map.of("datadir", gone.toString(), "copy-is-ours", "true")).lines());
    }
}
