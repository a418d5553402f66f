package offramp.pipeline;

import offramp.copy.CopyResult;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The step runner over a real journal: what a resumed run reads is what a run straight through recorded. */
class StepsTest {

    @TempDir
    Path work;

    private final PrintStream out = new PrintStream(new ByteArrayOutputStream());

    @Test
    void aFinishedStepIsNotRunAgainAndHandsOnWhatItRecorded() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CoordinatesStep.Proven proven = new CoordinatesStep.Proven("mysql-bin.000003:1234", "gtid_executed",
            "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5", List.of("found", "proven"));
        CoordinatesStep.Proven first = new Steps(Journal.open(work), out).run("coordinates", CoordinatesStep.Proven.class, () -> {
            runs.incrementAndGet();
            return proven;
        });
        Journal reopened = Journal.open(work);
        assertEquals("gtid_executed", reopened.outputs("coordinates").path("gtid-state-name").asText(), "the journal's key");
        CoordinatesStep.Proven resumed = new Steps(reopened, out).run("coordinates", CoordinatesStep.Proven.class, () -> {
            runs.incrementAndGet();
            return null;
        });
        assertEquals(1, runs.get());
        assertEquals(proven, first);
        assertEquals(proven, resumed);
        assertEquals(1234, resumed.at().position());
    }

    @Test
    void theCopysResultIsReadForWhatTheRunNeeds() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("tables", Map.of("app.t", 3));
        result.put("rows", 3);
        result.put("fastLoad", null);
        Copied copied = new Steps(Journal.open(work), out).run("copy", Copied.class, () -> result);
        assertEquals(Map.of("app.t", 3L), copied.tables());
        assertNull(copied.fastLoad());
        assertEquals(List.of("copy"), List.copyOf(new Steps(Journal.open(work), out).seconds(Provision.STEPS).keySet()));
    }

    /** The copy's own result, as the copy step records it, reads back with every part the run uses. */
    @Test
    void theCopysRealResultReadsBackWhole() throws Exception {
        CopyResult result = new CopyResult(Map.of("app.t", 3L, "app.u", 0L), 3, 120, 1.5, false, Map.of(), List.of(),
            "innodb_flush_log_at_trx_commit 1 -> 2 and back");
        Copied copied = new Steps(Journal.open(work), out).run("copy", Copied.class, () -> result);
        assertEquals(result.tables(), copied.tables());
        assertEquals(result.fastLoad(), copied.fastLoad());
        Copied resumed = new Steps(Journal.open(work), out).run("copy", Copied.class, () -> {
            throw new AssertionError("a finished copy step runs again");
        });
        assertEquals(copied, resumed);
    }

    @Test
    void theCatchUpCarriesTheApplySettingsRecordedAndTheRateEvenWhenNone() throws Exception {
        Journal journal = Journal.open(work);
        journal.note("apply-settings-before", Map.of("slave_parallel_threads", "0"));
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("started-at", "b.000001:4");
        outputs.put("lag", List.of(Map.of("atSeconds", 0.0)));
        outputs.put("settings-before", journal.fact("apply-settings-before"));
        outputs.put("rate", null);
        ReplicateStep.Replicated replicated = new Steps(journal, out).run("replicate", ReplicateStep.Replicated.class,
            () -> outputs);
        Map<String, Object> catchUp = replicated.catchUp();
        assertEquals(List.of("settings-before", "rate"), List.copyOf(catchUp.keySet()));
        assertTrue(((JsonNode) catchUp.get("settings-before")).path("slave_parallel_threads").asText().equals("0"));
        assertTrue(catchUp.get("rate") == null || ((JsonNode) catchUp.get("rate")).isNull());
        assertEquals(1, replicated.lag().size());
        assertFalse(catchUp.containsKey("settings"));
    }

    @Test
    void theReplicateStepsRecordIsTheShapeAResumedRunReads() throws Exception {
        ReplicateStep.Replicated written = new ReplicateStep.Replicated("b.000001:4", List.of(), null,
            Journal.tree(Map.of("slave_parallel_threads", "16")), null, Journal.tree(null));
        Journal journal = Journal.open(work);
        journal.finish("replicate", written, 1);
        JsonNode recorded = Journal.open(work).outputs("replicate");
        assertEquals(List.of("started-at", "lag", "settings", "rate"), List.copyOf(iterable(recorded.fieldNames())));
        assertEquals(List.of("settings", "rate"),
            List.copyOf(Journal.as(recorded, ReplicateStep.Replicated.class).catchUp().keySet()));
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
