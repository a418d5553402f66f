package offramp.snapshot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkSpaceTest {

    private static final long MIB = 1L << 20;
    private static final Path DIR = Path.of("/srv/offramp-work/clone-data");

    @Test
    void aDirectoryThatCannotBeWrittenFailsNamingItAndTheFix() {
        ProviderCheck c = WorkSpace.decide(DIR, false, 1L << 40, 10 * MIB, "the copy of /var/lib/mysql");
        assertFalse(c.passed());
        assertTrue(c.detail().contains(DIR + " is not writable"), c.detail());
        assertTrue(c.fix().contains("work-dir"), c.fix());
    }

    @Test
    void theCopysSizeAndAMarginMustBeFree() {
        long data = 1024 * MIB;
        assertTrue(WorkSpace.decide(DIR, true, data + data / 10, data, "the copy").passed());
        ProviderCheck tight = WorkSpace.decide(DIR, true, data + data / 10 - 1, data, "the copy of /var/lib/mysql");
        assertFalse(tight.passed());
        assertTrue(tight.detail().contains("the copy of /var/lib/mysql"), tight.detail());
        assertTrue(tight.detail().contains("needs about"), tight.detail());
        assertFalse(WorkSpace.decide(DIR, true, 20 * MIB, 14 * MIB, "a small copy").passed(),
            "a small copy still needs the margin for the clone server's logs");
        assertTrue(WorkSpace.decide(DIR, true, 14 * MIB + WorkSpace.MARGIN_BYTES, 14 * MIB, "a small copy").passed());
    }

    @Test
    void withoutACopyOnlyWritabilityCounts() {
        assertTrue(WorkSpace.decide(DIR, true, 0, -1, "the clone server's files").passed());
    }

    @Test
    void aWorkDirectoryNotYetMadeIsJudgedByTheDirectoryAboveIt(@TempDir Path tmp) throws Exception {
        ProviderCheck c = WorkSpace.check(tmp.resolve("work/clone-data"), MIB, "the copy");
        assertTrue(c.passed(), c.detail());
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertFalse(WorkSpace.check(file.resolve("work"), MIB, "the copy").passed(), "a file is no directory");
        assertFalse(WorkSpace.check(tmp.resolve("work"), Long.MAX_VALUE / 2, "the copy").passed());
    }

    @Test
    void theSizeOfADirectoryIsItsFilesAndUnreadableIsMinusOne(@TempDir Path tmp) throws Exception {
        Files.write(tmp.resolve("ibdata1"), new byte[1000]);
        Files.createDirectories(tmp.resolve("app"));
        Files.write(tmp.resolve("app/t.ibd"), new byte[234]);
        assertEquals(1234, WorkSpace.sizeOf(tmp));
        assertEquals(-1, WorkSpace.sizeOf(tmp.resolve("missing")));
    }
}
