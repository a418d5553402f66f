package offramp.copy;

import offramp.workdir.FactLines;
import offramp.catalog.Chunk;
import offramp.catalog.KeyRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CopyJournalTest {

    @Test
    void aLastLineTornByAKillIsDroppedAndTheNextFactStartsALineOfItsOwn(@TempDir Path work) throws IOException {
        try (CopyJournal journal = CopyJournal.open(work)) {
            journal.markCreated("app.a");
            journal.markChunkDone(new Chunk("app.a", 0, KeyRange.ALL), 5);
        }
        Path file = work.resolve(CopyJournal.FILE);
        Files.writeString(file, "{\"fact\":\"chunk\",\"table\":\"app.a\",\"num", StandardOpenOption.APPEND);
        try (CopyJournal journal = CopyJournal.open(work)) {
            assertTrue(journal.chunkDone("app.a", 0));
            assertEquals(5, journal.rows("app.a"));
            journal.markIndexed("app.a");
        }
        try (CopyJournal journal = CopyJournal.open(work)) {
            assertTrue(journal.indexed("app.a"), "the fact written after the torn line is read back");
            assertTrue(journal.created("app.a"));
        }
        assertEquals(3, Files.readAllLines(file).size());
    }

    @Test
    void aBadLineBeforeOthersIsRefusedNamingTheFileAndTheLine(@TempDir Path work) throws IOException {
        try (CopyJournal journal = CopyJournal.open(work)) {
            journal.markCreated("app.a");
            journal.markCreated("app.b");
            journal.markCreated("app.c");
        }
        Path file = work.resolve(CopyJournal.FILE);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(1, lines.get(1).substring(0, 10));
        Files.write(file, lines);
        IOException e = assertThrows(IOException.class, () -> CopyJournal.open(work));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("line 2"), e.getMessage());
        // The work directory's lock went with the refusal: the directory can be opened again once repaired.
        lines.remove(1);
        Files.write(file, lines);
        try (CopyJournal journal = CopyJournal.open(work)) {
            assertTrue(journal.created("app.a") && journal.created("app.c"));
            assertFalse(journal.created("app.b"));
        }
    }

    @Test
    void factsAreReadFromBytesLineByLine() throws IOException {
        Path file = Path.of("journal");
        String whole = "{\"fact\":\"created\",\"table\":\"a.b\"}\n{\"fact\":\"indexed\",\"table\":\"a.b\"}\n";
        FactLines read = CopyJournal.read(whole.getBytes(StandardCharsets.UTF_8), file);
        assertEquals(2, read.facts().size());
        assertEquals(whole.length(), read.intactBytes());

        FactLines torn = CopyJournal.read((whole + "{\"fact\":\"cre").getBytes(StandardCharsets.UTF_8), file);
        assertEquals(2, torn.facts().size());
        assertEquals(whole.length(), torn.intactBytes());

        FactLines tornWithNewline = CopyJournal.read((whole + "garbage\n").getBytes(StandardCharsets.UTF_8), file);
        assertEquals(whole.length(), tornWithNewline.intactBytes());

        assertThrows(IOException.class, () -> CopyJournal.read(("\n" + whole).getBytes(StandardCharsets.UTF_8), file));
        assertThrows(IOException.class, () -> CopyJournal.read(("[1]\n" + whole).getBytes(StandardCharsets.UTF_8), file));
    }

    @Test
    void chunkWorkersAndIndexBuildsMayUseItAtOnce(@TempDir Path work) throws Exception {
        int threads = 8;
        int tables = 200;
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (CopyJournal journal = CopyJournal.open(work)) {
            List<Thread> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int me = t;
                Thread thread = new Thread(() -> {
                    try {
                        go.await();
                        for (int i = me; i < tables; i += threads) {
                            journal.markChunkDone(new Chunk("app.t" + i, 0, KeyRange.ALL), i);
                            journal.markIndexed("app.t" + i);
                            for (int j = 0; j < tables; j++) {
                                journal.indexed("app.t" + j); // read while others write
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "journal-user-" + t);
                thread.start();
                all.add(thread);
            }
            go.countDown();
            for (Thread thread : all) {
                thread.join();
            }
        }
        assertNull(failure.get());
        try (CopyJournal journal = CopyJournal.open(work)) {
            for (int i = 0; i < tables; i++) {
                assertTrue(journal.indexed("app.t" + i) && journal.chunkDone("app.t" + i, 0), "app.t" + i);
                assertEquals(i, journal.rows("app.t" + i));
            }
        }
    }
}
