package offramp.demo;

import offramp.cli.CliRun;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** offramp demo from start to end: every figure it prints is labelled, and every file it names is there afterwards. */
class DemoIT {

    @Test
    void theDemoLabelsItsFiguresAndKeepsTheReportItNames() throws Exception {
        CliRun run = CliRun.of("demo", "--seconds", "1");
        String out = run.out();
        assertEquals(0, run.exit(), out + run.err());
        assertTrue(Pattern.compile("`\\w+`\\.`\\w+`: source \\d+ rows, CHECKSUM TABLE \\d+; replica \\d+ rows, "
            + "CHECKSUM TABLE \\d+: identical").matcher(out).find(), "each table's figures are named: " + out);
        assertFalse(Pattern.compile("source \\d+:\\d+").matcher(out).find(), "no unlabelled rows:checksum: " + out);
        assertFalse(out.contains(" 0 events"), "no proof of zero events: " + out);
        assertTrue(Pattern.compile("source frozen \\d").matcher(out).find(), "the freeze time: " + out);
        Matcher kept = Pattern.compile("kept: (\\S+/report\\.html)").matcher(out);
        assertTrue(kept.find(), out);
        Path report = Path.of(kept.group(1));
        assertTrue(Files.isRegularFile(report) && Files.isRegularFile(report.resolveSibling("report.json")),
            "the report the demo names outlives it: " + report);
        Matcher named = Pattern.compile("report: (\\S+) and (\\S+)").matcher(out);
        while (named.find()) {
            assertTrue(Files.exists(Path.of(named.group(1))) && Files.exists(Path.of(named.group(2))),
                "every report the run names is there after the demo: " + named.group());
        }
        try (Stream<Path> files = Files.walk(report.getParent())) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
