package offramp.pipeline;

import offramp.catalog.Sql;
import offramp.server.Connections;
import offramp.server.Endpoint;
import offramp.snapshot.SourcePause;
import offramp.text.Units;
import offramp.workdir.WorkDirectory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The provision report: built from the steps' outputs, summed up on the console, written as report.json and report.html. */
final class ReportFiles {

    private final Path workDir;
    private final PrintStream out;

    ReportFiles(Path workDir, PrintStream out) {
        this.workDir = workDir;
        this.out = out;
    }

    /** The report of the steps' outputs, with the copied tables' sizes on the target ({@link #tableBytes}). */
    static Report of(Map<String, Double> steps, List<Check> preflight, SourcePause pause, CoordinatesStep.Proven coordinates,
                     Copied copied, VerifyStep.Verified verified, ReplicateStep.Replicated replicated,
                     Map<String, Long> bytes) {
        Map<String, Object> load = new LinkedHashMap<>();
        if (copied.fastLoad() != null) {
            load.put("fast-load", copied.fastLoad() + " while the copy ran; put back before replication started");
        }
        return new Report(coordinates.coordinates(), pause, coordinates.evidence(), steps, copied.tables(), verified.asMap(),
            new ArrayList<>(replicated.lag()), new ArrayList<>(preflight), bytes, replicated.catchUp(), load);
    }

    /** Prints what the run did: where the target replicates from, the rows, the time per step. */
    void summarize(Report report, Endpoint target, String replicationHost) {
        out.println("provisioned: " + target.uri() + " replicates from " + replicationHost + ", started at "
            + report.coordinates() + ", caught up; " + report.rows().values().stream().mapToLong(Long::longValue).sum()
            + " rows in " + report.rows().size() + " tables copied and verified");
        out.println("  " + pauseLine(report.sourcePause()));
        report.steps().forEach((step, seconds) -> out.printf("  %-12s %8.1f s%n", step, seconds));
    }

    /** The source's pause as the console and the page say it: {@code source frozen 1.24 s: stopped (SIGSTOP) ...}. */
    static String pauseLine(SourcePause pause) {
        if (pause == null) {
            return "source pause: not recorded";
        }
        return pause.frozenMs() != null ? "source frozen " + Units.precise(pause.frozenMs() / 1000.0) + ": " + pause.how()
            : "source " + pause.how();
    }

    /** Writes report.json and report.html; returns the report step's outputs. */
    Map<String, Object> write(Report report, String title) throws Exception {
        Path json = workDir.resolve("report.json");
        Path html = workDir.resolve("report.html");
        WorkDirectory.writePrivate(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(report));
        WorkDirectory.writePrivate(html, ReportHtml.render(report, title, ZonedDateTime.now()).getBytes(StandardCharsets.UTF_8));
        out.println("  report: " + json + " and " + html);
        return Map.of("file", json.toString(), "html", html.toString());
    }

    /**
     * Data and index bytes per copied table on the target, InnoDB's estimate; empty when it cannot be read. The
     * tables are analyzed first: InnoDB's statistics of a table loaded moments ago still show its empty size (a
     * table of 4.5 MiB read 0.0 MiB), and MySQL 8 caches them in information_schema for a day. ANALYZE samples a
     * few pages per index, and NO_WRITE_TO_BINLOG keeps it out of the replica's binlog (no GTID of its own).
     */
    Map<String, Long> tableBytes(Endpoint target, Collection<String> tables) {
        Map<String, Long> bytes = new LinkedHashMap<>();
        try (Connection t = Connections.open(target); Statement st = t.createStatement()) {
            try {
                for (List<String> batch : batches(tables, 100)) {
                    try (ResultSet ignored = st.executeQuery("ANALYZE NO_WRITE_TO_BINLOG TABLE " + String.join(", ", batch))) {
                        // one row of result per table; a table that cannot be analyzed keeps its old figure
                    }
                }
            } catch (SQLException e) {
                out.println("  report: the target's tables could not be analyzed (" + e.getMessage() + "); their sizes "
                    + "are InnoDB's last estimate, which for a table loaded moments ago may still be its empty size");
            }
            try (ResultSet rs = st.executeQuery(
                "SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME), DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES")) {
                while (rs.next()) {
                    if (tables.contains(rs.getString(1))) {
                        bytes.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
        } catch (SQLException e) {
            out.println("  report: the target's table sizes could not be read (" + e.getMessage() + ")");
        }
        return bytes;
    }

    /** The tables, quoted, in lists of at most {@code size}. */
    static List<List<String>> batches(Collection<String> tables, int size) {
        List<List<String>> batches = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        for (String table : tables) {
            int dot = table.indexOf('.');
            batch.add(Sql.table(table.substring(0, dot), table.substring(dot + 1)));
            if (batch.size() == size) {
                batches.add(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }
}
