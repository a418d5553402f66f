package offramp.copy;

import offramp.server.Endpoint;
import offramp.server.Secret;
import offramp.server.ServerUri;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetDiskTest {

    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    @Test
    void theNeedIsTheTablesAndAMarginForWhatALoadWrites() {
        TargetDisk.Need need = new TargetDisk.Need(12, 10 * GIB, 0, 0);
        assertEquals(12 * GIB, need.bytes(), "a fifth more");
        assertEquals(100 * MIB + TargetDisk.MIN_MARGIN_BYTES, new TargetDisk.Need(1, 100 * MIB, 0, 0).bytes(), "at least the least margin");
        assertEquals(12 * GIB + 10 * GIB, new TargetDisk.Need(12, 10 * GIB, 0, 10 * GIB).bytes(), "and the copy in the binlog");
        assertEquals(12 * GIB - 4 * GIB, new TargetDisk.Need(12, 10 * GIB, 4 * GIB, 0).bytes(), "less what a resumed copy holds");
        String said = need.describe();
        assertTrue(said.startsWith("about 12.0 GiB (10.0 GiB of data and indexes in 12 tables on the source, 2.0 GiB more for "
            + "what a load writes"), said);
    }

    @Test
    void tooLittleFailsNamingTheNeedTheFreeSpaceThePathAndTheFix() {
        TargetDisk.Finding f = TargetDisk.decide(new TargetDisk.Need(3, 10 * GIB, 0, 0),
            new TargetDisk.Free(5 * GIB, "/var/lib/mysql", "its file system on this host"), "/var/lib/mysql", "");
        assertEquals(TargetDisk.Level.FAIL, f.level());
        assertTrue(f.detail().startsWith("/var/lib/mysql has 5.0 GiB free (its file system on this host), and the copy needs "
            + "about 12.0 GiB"), f.detail());
        assertTrue(f.fix().contains("/var/lib/mysql") && f.fix().contains("12.0 GiB free") && f.fix().contains("copy.schemas"), f.fix());
    }

    @Test
    void enoughPassesAndUnknownWarnsWithTheNeed() {
        TargetDisk.Need need = new TargetDisk.Need(3, 10 * GIB, 0, 0);
        assertEquals(TargetDisk.Level.PASS, TargetDisk.decide(need, new TargetDisk.Free(12 * GIB, "/data", "x"), "/data", "").level());
        TargetDisk.Finding unknown = TargetDisk.decide(need, null, "/var/lib/mysql", "the target db1 is not on this host");
        assertEquals(TargetDisk.Level.WARN, unknown.level());
        assertTrue(unknown.detail().contains("needs about 12.0 GiB") && unknown.detail().contains("could not be checked: "
            + "the target db1 is not on this host"), unknown.detail());
        assertTrue(unknown.fix().contains("df -h /var/lib/mysql"), unknown.fix());
    }

    @Test
    void theMountHoldingAPathIsTheDeepestAboveIt() {
        List<TargetDisk.Free> mounts = List.of(new TargetDisk.Free(1, "/", "d"), new TargetDisk.Free(2, "/var/lib", "d"),
            new TargetDisk.Free(3, "/var/lib/mysql-other", "d"), new TargetDisk.Free(4, "/boot", "d"));
        assertEquals(2, TargetDisk.holding(mounts, Path.of("/var/lib/mysql/")).bytes());
        assertEquals(1, TargetDisk.holding(mounts, Path.of("/srv/db")).bytes());
        assertNull(TargetDisk.holding(List.of(new TargetDisk.Free(4, "/boot", "d")), Path.of("/srv/db")));
    }

    /** This JVM stands in for the server: its pid file names a process that runs in the data directory. */
    @Test
    void aServerOnThisHostIsKnownByTheProcessRunningInItsDataDirectory(@TempDir Path dir) throws Exception {
        Path datadir = Path.of("").toAbsolutePath();
        Path pidFile = dir.resolve("server.pid");
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        List<String> why = new ArrayList<>();
        TargetDisk.Free free = TargetDisk.onThisHost(endpoint("127.0.0.1", 3306),
            new TargetDisk.Where(datadir, pidFile, null, 3306), why);
        assertNotNull(free, why.toString());
        assertEquals(datadir.toString(), free.path());
        assertTrue(free.bytes() > 0);

        assertNull(TargetDisk.onThisHost(endpoint("127.0.0.1", 3306), new TargetDisk.Where(dir, pidFile, null, 3306), why),
            "another directory than the process's: another server's files at that path");
        assertTrue(why.get(0).contains("does not run in " + dir), why.toString());
    }

    @Test
    void anythingLessIsUnknownWithWhy(@TempDir Path dir) {
        List<String> why = new ArrayList<>();
        TargetDisk.Where where = new TargetDisk.Where(dir, dir.resolve("server.pid"), null, 3306);
        assertNull(TargetDisk.onThisHost(endpoint("192.0.2.10", 3306), where, why));
        assertNull(TargetDisk.onThisHost(endpoint("127.0.0.1", 13306), where, why));
        assertNull(TargetDisk.onThisHost(endpoint("127.0.0.1", 3306), where, why));
        assertEquals(3, why.size(), why.toString());
        assertTrue(why.get(0).contains("192.0.2.10 is not on this host"), why.get(0));
        assertTrue(why.get(1).contains("listens on port 3306, not on 13306"), why.get(1));
        assertTrue(why.get(2).contains("pid file " + dir.resolve("server.pid") + " cannot be read here"), why.get(2));
    }

    private static Endpoint endpoint(String host, int port) {
        return new Endpoint("target", new ServerUri("root", host, port), new Secret("pw"));
    }
}
