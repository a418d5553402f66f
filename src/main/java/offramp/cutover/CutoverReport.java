package offramp.cutover;

import offramp.pipeline.ReportHtml;
import offramp.workdir.WorkDirectory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a finished cutover tells: its summary on the terminal, and cutover-report.json and .html in the work directory. */
final class CutoverReport {

    private CutoverReport() {
    }

    /** cutover-report.json and a self-contained cutover-report.html in the work directory. */
    static void write(Cutover.Summary s, Map<String, Double> phases, Path workDir, PrintStream out) throws IOException {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("new primary", s.newPrimary());
        lines.put("writes stopped", String.format("%.1f s", s.writesStoppedSeconds()));
        lines.put("estimated", String.format("%.1f s", s.estimatedSeconds()));
        lines.put("F", s.finalPosition() + " (the old primary's last write)");
        lines.put("compared under the fence", s.chunksComparedUnderFence() + " chunks");
        lines.put("T0", s.t0() + " (the new primary's position before its first write)");
        lines.put("direction", s.direction());
        lines.put("old primary", s.oldPrimary() + " (fenced)");
        lines.put("way back", s.reverseReplication());
        if (s.switchResult() != null) {
            lines.put("switch", s.switchResult());
        }
        lines.put("to go back", s.goBack());
        if (s.writeStopPhases() != null) {
            s.writeStopPhases().forEach((phase, figures) -> lines.put("write stop: " + phase, figures));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("summary", s);
        json.put("phaseSeconds", phases);
        WorkDirectory.writePrivate(workDir.resolve("cutover-report.json"), new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json));
        WorkDirectory.writePrivate(workDir.resolve("cutover-report.html"), ReportHtml.renderCutover(lines,
            phases, s.oldPrimary() + " to " + s.newPrimary(), ZonedDateTime.now())
            .getBytes(StandardCharsets.UTF_8));
        out.println("  report          " + workDir.resolve("cutover-report.html"));
    }

    static void print(Cutover.Summary s, PrintStream out) {
        out.println("cutover done: " + s.newPrimary() + " is the primary; " + s.oldPrimary() + " is fenced");
        out.printf("  writes stopped  %.1f s (estimated %.1f s)%n", s.writesStoppedSeconds(), s.estimatedSeconds());
        if (s.writeStopPhases() != null) {
            s.writeStopPhases().forEach((phase, figures) -> out.printf("    %-13s %s%n", phase, figures));
        }
        out.println("  F               " + s.finalPosition() + " (the old primary's last write)");
        out.println("  T0              " + s.t0() + " (the new primary's position before its first write)");
        out.println("  compared        " + s.chunksComparedUnderFence() + " chunks under the fence");
        out.println("  way back        " + s.reverseReplication());
        if (s.switchResult() != null) {
            out.println("  switch          " + s.switchResult());
        }
        out.println("  to go back      " + s.goBack());
    }
}
