package offramp.pipeline;

import offramp.copy.CopyOptions;
import offramp.server.Endpoint;
import offramp.verify.ChecksumReport;
import offramp.verify.Checksummer;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** The verify step: clone and target are both still now, so every chunk of every table compares, with the schema objects. */
final class VerifyStep {

    private static final int CHUNK_ROWS = 100_000;

    /** A table's outcome: its rows, identical on both sides. */
    record Table(long rows, boolean identical) {
    }

    /** The step's outputs, as the journal records them. */
    record Verified(Map<String, Table> tables, int chunks, boolean identical) {

        /** The outputs as the report carries them. */
        Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("tables", tables);
            map.put("chunks", chunks);
            map.put("identical", identical);
            return map;
        }
    }

    private VerifyStep() {
    }

    /** Compares clone and target; throws {@link DataDiffers}, and replication is not started, when they differ. */
    static Verified run(Endpoint clone, Endpoint target, CopyOptions options, PrintStream out) throws Exception {
        ChecksumReport report = new Checksummer(clone, target, options.threads(), CHUNK_ROWS)
            .compare(options.schemas(), options.excludeTables());
        out.println("  verify: " + report.tables().size() + " tables, " + report.chunks() + " chunks compared, "
            + (report.identical() ? "all identical" : report.differences().size() + " differences"));
        if (!report.identical()) {
            report.differences().forEach(d -> out.println("    DIFFERS " + d));
            throw new DataDiffers("the target differs from the clone: " + String.join("; ", report.differences())
                + "; replication was not started");
        }
        Map<String, Table> tables = new LinkedHashMap<>();
        report.tables().forEach((table, rows) -> tables.put(table, new Table(rows[0], true)));
        return new Verified(tables, report.chunks(), true);
    }
}
