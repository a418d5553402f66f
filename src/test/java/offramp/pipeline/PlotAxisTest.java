package offramp.pipeline;

import offramp.snapshot.SourcePause;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The axes of report.html's plots, and the figures it says in words. */
class PlotAxisTest {

    @Test
    void secondsAreWholeAndEachLabelSaysItsValue() {
        PlotAxis three = PlotAxis.seconds(3);
        assertEquals(List.of("0 s", "1 s", "2 s", "3 s"), three.labels(), "no 0.8 s for a lag of whole seconds");
        assertEquals(3.0, three.top());
        assertEquals(List.of("0 s", "10 s", "20 s", "30 s"), PlotAxis.seconds(27).labels());
        assertEquals(List.of("0 s", "1 s"), PlotAxis.seconds(0).labels(), "no lag: still an axis");
        assertEquals(List.of("0 s", "1 s"), PlotAxis.seconds(0.3).labels());
    }

    @Test
    void bytesAreInTheUnitOfTheLargestValueAtRoundSteps() {
        assertEquals(List.of("0 MiB", "2 MiB", "4 MiB", "6 MiB", "8 MiB"), PlotAxis.bytes(8_000_000).labels());
        assertEquals(8.0 * (1 << 20), PlotAxis.bytes(8_000_000).top());
        assertEquals(List.of("0.0 KiB", "0.5 KiB", "1.0 KiB", "1.5 KiB", "2.0 KiB"), PlotAxis.bytes(2048).labels());
        assertEquals(List.of("0 bytes", "200 bytes", "400 bytes", "600 bytes"), PlotAxis.bytes(500).labels());
        PlotAxis gib = PlotAxis.bytes(3.3 * (1L << 30));
        assertEquals(List.of("0 GiB", "1 GiB", "2 GiB", "3 GiB", "4 GiB"), gib.labels());
        for (int i = 0; i < gib.ticks().size(); i++) {
            assertEquals(i * (double) (1L << 30), gib.ticks().get(i), "tick " + i + " is where its label says");
        }
    }

    @Test
    void theApplyRateIsSaidInWordsAndWhatWasNotMeasuredSaysWhy() {
        ObjectMapper json = new ObjectMapper();
        assertEquals("60 transactions (1.5 MiB of binlog) applied in 2.00 s: 30 transactions/s, 768.0 KiB/s",
            ReportHtml.applyRate(json.valueToTree(Map.of("seconds", 2.0, "transactions", 60, "bytes", 1_572_864))));
        assertEquals("not measured: the replica had caught up at the first look", ReportHtml.applyRate(json.nullNode()));
        assertEquals("1.0 KiB of binlog applied in 4.00 s: 256 bytes/s; transactions not counted (GTIDs off)",
            ReportHtml.applyRate(json.valueToTree(Map.of("seconds", 4.0, "bytes", 1024))));
    }

    @Test
    void theSourcePauseLineSaysHowLongAndHow() {
        assertEquals("source frozen 1.24 s: stopped (SIGSTOP) while its data directory was copied",
            ReportFiles.pauseLine(new SourcePause(1240L, "stopped (SIGSTOP) while its data directory was copied")));
        assertEquals("source not stopped: Aurora cloned the cluster from its storage",
            ReportFiles.pauseLine(SourcePause.notStopped("not stopped: Aurora cloned the cluster from its storage")));
    }

    @Test
    void tablesAreAnalyzedInQuotedBatches() {
        assertEquals(List.of(List.of("`a`.`t1`", "`a`.`t2`"), List.of("`b`.`we``ird`")),
            ReportFiles.batches(List.of("a.t1", "a.t2", "b.we`ird"), 2));
    }
}
