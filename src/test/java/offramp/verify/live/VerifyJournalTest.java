package offramp.verify.live;

import offramp.catalog.KeyRange;
import offramp.verify.Difference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifyJournalTest {

    private static final VerifyJournal.Scope SCOPE = new VerifyJournal.Scope("root@src:3306", "root@rep:3306",
        List.of("app"), List.of(), 50_000);
    private final PrintStream out = new PrintStream(new ByteArrayOutputStream());

    @Test
    void anUnfinishedVerificationOfTheSameScopeResumesWithItsPlanAndVerdicts(@TempDir Path dir) throws Exception {
        try (VerifyJournal j = VerifyJournal.open(dir, SCOPE, false, out)) {
            assertFalse(j.resumed());
            j.planned("app.t", List.of(new KeyRange(null, List.of("100")), new KeyRange(List.of("100"), null)));
            j.verdict(new ChunkVerdict("app.t", 0, "bin.000001:4", 100, 100, List.of(), List.of(), List.of()));
            j.verdict(new ChunkVerdict("app.t", 1, "bin.000001:900", 5, 6, List.of(new Difference("table app.t chunk 1", "rows", "5", "6")),
                List.of(), List.of("DELETE FROM `app`.`t` WHERE `id` = 7")));
        }
        try (VerifyJournal j = VerifyJournal.open(dir, SCOPE, false, out)) {
            assertTrue(j.resumed());
            assertEquals(List.of(new KeyRange(null, List.of("100")), new KeyRange(List.of("100"), null)), j.plans().get("app.t"));
            assertEquals(2, j.verdicts().size());
            assertEquals("bin.000001:900", j.verdicts().get("app.t#1").at());
            assertEquals("6", j.verdicts().get("app.t#1").differences().get(0).right());
            j.finished("differs");
        }
        try (VerifyJournal j = VerifyJournal.open(dir, SCOPE, false, out)) {
            assertFalse(j.resumed(), "a finished verification is not resumed");
            assertTrue(j.verdicts().isEmpty());
            assertTrue(Files.readString(dir.resolve(VerifyJournal.PREVIOUS)).contains("bin.000001:900"),
                "the finished one is kept with its positions");
        }
    }

    @Test
    void anotherScopeOrRestartStartsAfresh(@TempDir Path dir) throws Exception {
        try (VerifyJournal j = VerifyJournal.open(dir, SCOPE, false, out)) {
            j.planned("app.t", List.of(KeyRange.ALL));
        }
        VerifyJournal.Scope other = new VerifyJournal.Scope("root@src:3306", "root@rep:3306", List.of("app"), List.of(), 10_000);
        try (VerifyJournal j = VerifyJournal.open(dir, other, false, out)) {
            assertFalse(j.resumed());
            assertTrue(j.plans().isEmpty());
        }
        try (VerifyJournal j = VerifyJournal.open(dir, other, true, out)) {
            assertFalse(j.resumed());
        }
    }
}
