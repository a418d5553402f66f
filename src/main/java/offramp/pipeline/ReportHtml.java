package offramp.pipeline;

import offramp.text.Units;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: the run's report as one self-contained page that works offline (no script, style sheet, font
 * or image is fetched): the steps on a timeline, the coordinates with their evidence, the preflight checks, rows and
 * MiB per table with the checksum verdict, and the catch-up's lag drawn as inline SVG.
 */
public final class ReportHtml {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] STEP_COLOURS = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
        "#b07aa1", "#9c755f"};

    private ReportHtml() {
    }

    /**
     * @param title what the run made, e.g. "root@10.0.0.5:3306 replicating from 10.0.0.1:3306"
     */
    public static String render(Report report, String title, ZonedDateTime written) {
        StringBuilder h = page("offramp provision", title, written);
        summary(h, report);
        timeline(h, report.steps());
        coordinates(h, report);
        lag(h, report.lag());
        settings(h, "Apply", "apply", report.catchUp());
        settings(h, "Load", "load", report.load());
        tables(h, report);
        preflight(h, report.preflight());
        return end(h, "report.json beside this file holds the same figures");
    }

    /**
     * The report of a cutover: how long writes were stopped, the final position F and T0, the way back, and the
     * phases on a timeline.
     *
     * @param summary label to value, in order (direction, writes stopped, F, T0, way back, ...)
     * @param phases  each phase and the seconds it took, in order
     */
    public static String renderCutover(Map<String, String> summary, Map<String, Double> phases, String title,
                                       ZonedDateTime written) {
        StringBuilder h = page("offramp cutover", title, written);
        h.append("<section class=\"cards\">");
        summary.entrySet().stream().limit(4).forEach(e -> card(h, e.getKey(), e.getValue()));
        h.append("</section>\n");
        timeline(h, phases);
        h.append("<section><h2>Summary</h2><table id=\"summary\"><tbody>");
        summary.forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>"));
        h.append("</tbody></table></section>\n");
        return end(h, "cutover-report.json beside this file holds the same figures");
    }

    /**
     * Settings as a table: how the replica applied while it caught up (its settings before and after, and the rate),
     * how the copy loaded.
     */
    private static void settings(StringBuilder h, String heading, String id, Map<String, Object> settings) {
        if (settings == null || settings.isEmpty()) {
            return;
        }
        h.append("<section><h2>").append(heading).append("</h2><table id=\"").append(id).append("\"><tbody>");
        settings.forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>")
            .append(esc(v instanceof String text ? text : String.valueOf(JSON.valueToTree(v)))).append("</td></tr>"));
        h.append("</tbody></table></section>\n");
    }

    private static StringBuilder page(String heading, String title, ZonedDateTime written) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .append("<title>").append(esc(heading)).append(" report</title><style>").append(STYLE).append("</style></head><body>\n");
        h.append("<header><h1>").append(esc(heading)).append("</h1><p class=\"sub\">").append(esc(title)).append("<br>report written ")
            .append(esc(written.format(DateTimeFormatter.RFC_1123_DATE_TIME))).append("</p></header>\n");
        return h;
    }

    private static String end(StringBuilder h, String footer) {
        h.append("<footer>offramp &middot; ").append(esc(footer)).append("</footer>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void summary(StringBuilder h, Report r) {
        long rows = r.rows().values().stream().mapToLong(Long::longValue).sum();
        double total = r.steps().values().stream().mapToDouble(Double::doubleValue).sum();
        boolean identical = Boolean.TRUE.equals(r.verify() == null ? null : r.verify().get("identical"));
        h.append("<section class=\"cards\">");
        card(h, "started at", r.coordinates());
        card(h, "tables", r.rows().size() + " tables, " + String.format(Locale.ROOT, "%,d", rows) + " rows");
        card(h, "verify", r.verify() == null || r.verify().isEmpty() ? "not run" : identical ? "identical" : "DIFFERS");
        card(h, "time", Units.duration(total));
        h.append("</section>\n");
    }

    private static void card(StringBuilder h, String label, String value) {
        h.append("<div class=\"card\"><div class=\"label\">").append(esc(label)).append("</div><div class=\"value\">")
            .append(esc(value)).append("</div></div>");
    }

    /** The steps one after the other, each bar as long as the step took. */
    private static void timeline(StringBuilder h, Map<String, Double> steps) {
        h.append("<section><h2>Steps</h2>");
        double total = Math.max(steps.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
        int width = 900;
        int rowHeight = 26;
        int labelWidth = 110;
        int height = steps.size() * rowHeight + 30;
        h.append("<svg id=\"timeline\" viewBox=\"0 0 ").append(width + labelWidth + 90).append(' ').append(height)
            .append("\" width=\"100%\" role=\"img\" aria-label=\"steps on a timeline\">");
        double at = 0;
        int i = 0;
        for (Map.Entry<String, Double> step : steps.entrySet()) {
            double x = labelWidth + at / total * width;
            double w = Math.max(2, step.getValue() / total * width);
            int y = i * rowHeight + 4;
            h.append("<text x=\"").append(labelWidth - 8).append("\" y=\"").append(y + 16)
                .append("\" text-anchor=\"end\">").append(esc(step.getKey())).append("</text>");
            h.append("<rect class=\"step\" x=\"").append(fmt(x)).append("\" y=\"").append(y).append("\" width=\"")
                .append(fmt(w)).append("\" height=\"").append(rowHeight - 8).append("\" fill=\"")
                .append(STEP_COLOURS[i % STEP_COLOURS.length]).append("\"><title>").append(esc(step.getKey())).append(": ")
                .append(esc(Units.duration(step.getValue()))).append("</title></rect>");
            h.append("<text x=\"").append(fmt(x + w + 6)).append("\" y=\"").append(y + 16).append("\">")
                .append(esc(Units.duration(step.getValue()))).append("</text>");
            at += step.getValue();
            i++;
        }
        int axisY = steps.size() * rowHeight + 10;
        h.append("<line x1=\"").append(labelWidth).append("\" y1=\"").append(axisY).append("\" x2=\"")
            .append(labelWidth + width).append("\" y2=\"").append(axisY).append("\" class=\"axis\"/>");
        h.append("<text x=\"").append(labelWidth).append("\" y=\"").append(axisY + 16).append("\">0 s</text>");
        h.append("<text x=\"").append(labelWidth + width).append("\" y=\"").append(axisY + 16)
            .append("\" text-anchor=\"end\">").append(esc(Units.duration(total))).append("</text>");
        h.append("</svg>");
        h.append("<table id=\"steps\"><thead><tr><th>step</th><th class=\"num\">seconds</th><th class=\"num\">share</th></tr></thead><tbody>");
        steps.forEach((step, s) -> h.append("<tr><td>").append(esc(step)).append("</td><td class=\"num\">")
            .append(String.format(Locale.ROOT, "%.1f", s)).append("</td><td class=\"num\">")
            .append(String.format(Locale.ROOT, "%.0f%%", s / total * 100)).append("</td></tr>"));
        h.append("</tbody></table></section>\n");
    }

    private static void coordinates(StringBuilder h, Report r) {
        h.append("<section><h2>Coordinates</h2><p class=\"coordinates\">").append(esc(r.coordinates()))
            .append("</p><ul id=\"evidence\">");
        for (String line : r.evidence()) {
            int colon = line.indexOf(':');
            String kind = colon > 0 && colon < 24 ? line.substring(0, colon) : "";
            h.append("<li>").append(kind.isEmpty() ? "" : "<b>" + esc(kind) + "</b>")
                .append(esc(kind.isEmpty() ? line : line.substring(colon))).append("</li>");
        }
        h.append("</ul></section>\n");
    }

    /** The catch-up: bytes of binlog not yet applied and seconds behind, over time, each on its own scale. */
    private static void lag(StringBuilder h, List<Object> samples) {
        h.append("<section><h2>Catch-up</h2>");
        List<double[]> points = new ArrayList<>();
        for (Object sample : samples) {
            JsonNode s = JSON.valueToTree(sample);
            double bytes = s.path("bytesBehind").asDouble(-1);
            JsonNode sec = s.path("secondsBehind");
            points.add(new double[]{s.path("atSeconds").asDouble(), bytes, sec.isNumber() ? sec.asDouble() : -1});
        }
        if (points.isEmpty()) {
            h.append("<p>No catch-up samples: replication was already caught up, or this run did not start it.</p></section>\n");
            return;
        }
        double maxT = Math.max(points.get(points.size() - 1)[0], 1e-9);
        double maxBytes = Math.max(1, points.stream().mapToDouble(p -> p[1]).max().orElse(1));
        double maxSec = Math.max(1, points.stream().mapToDouble(p -> p[2]).max().orElse(1));
        int left = 70;
        int right = 70;
        int top = 20;
        int w = 860;
        int ht = 260;
        h.append("<svg id=\"lag-plot\" viewBox=\"0 0 ").append(left + w + right).append(' ').append(top + ht + 50)
            .append("\" width=\"100%\" role=\"img\" aria-label=\"lag during catch-up\">");
        for (int g = 0; g <= 4; g++) {
            double y = top + ht - g * ht / 4.0;
            h.append("<line class=\"grid\" x1=\"").append(left).append("\" y1=\"").append(fmt(y)).append("\" x2=\"")
                .append(left + w).append("\" y2=\"").append(fmt(y)).append("\"/>");
            h.append("<text class=\"bytes-axis\" x=\"").append(left - 6).append("\" y=\"").append(fmt(y + 4))
                .append("\" text-anchor=\"end\">").append(esc(Units.bytes(maxBytes * g / 4))).append("</text>");
            h.append("<text class=\"seconds-axis\" x=\"").append(left + w + 6).append("\" y=\"").append(fmt(y + 4))
                .append("\">").append(String.format(Locale.ROOT, maxSec < 8 ? "%.1f s" : "%.0f s", maxSec * g / 4)).append("</text>");
        }
        h.append("<polyline id=\"lag-bytes\" class=\"bytes\" points=\"");
        for (double[] p : points) {
            if (p[1] >= 0) {
                h.append(fmt(left + p[0] / maxT * w)).append(',').append(fmt(top + ht - p[1] / maxBytes * ht)).append(' ');
            }
        }
        h.append("\"/><polyline id=\"lag-seconds\" class=\"seconds\" points=\"");
        for (double[] p : points) {
            if (p[2] >= 0) {
                h.append(fmt(left + p[0] / maxT * w)).append(',').append(fmt(top + ht - p[2] / maxSec * ht)).append(' ');
            }
        }
        h.append("\"/>");
        h.append("<text x=\"").append(left).append("\" y=\"").append(top + ht + 20).append("\">0 s</text>");
        h.append("<text x=\"").append(left + w).append("\" y=\"").append(top + ht + 20).append("\" text-anchor=\"end\">")
            .append(String.format(Locale.ROOT, "%.0f s after replication started", maxT)).append("</text>");
        h.append("<rect x=\"").append(left).append("\" y=\"").append(top + ht + 32).append("\" width=\"14\" height=\"4\" class=\"bytes-key\"/>")
            .append("<text x=\"").append(left + 20).append("\" y=\"").append(top + ht + 38).append("\">binlog not yet applied (left scale)</text>");
        h.append("<rect x=\"").append(left + 330).append("\" y=\"").append(top + ht + 32).append("\" width=\"14\" height=\"4\" class=\"seconds-key\"/>")
            .append("<text x=\"").append(left + 350).append("\" y=\"").append(top + ht + 38).append("\">seconds behind (right scale)</text>");
        h.append("</svg><p class=\"note\">").append(points.size()).append(" samples; the last: ")
            .append(esc(Units.bytes(points.get(points.size() - 1)[1]))).append(" behind.</p></section>\n");
    }

    private static void tables(StringBuilder h, Report r) {
        h.append("<section><h2>Tables</h2><table id=\"tables\"><thead><tr><th>table</th><th class=\"num\">rows</th>")
            .append("<th class=\"num\">MiB</th><th>checksum</th></tr></thead><tbody>");
        JsonNode verified = JSON.valueToTree(r.verify() == null ? Map.of() : r.verify()).path("tables");
        for (Map.Entry<String, Long> t : r.rows().entrySet()) {
            JsonNode v = verified.path(t.getKey());
            String verdict = v.isMissingNode() ? "not compared" : v.path("identical").asBoolean() ? "identical" : "DIFFERS";
            Long bytes = r.bytes() == null ? null : r.bytes().get(t.getKey());
            h.append("<tr><td>").append(esc(t.getKey())).append("</td><td class=\"num\">")
                .append(String.format(Locale.ROOT, "%,d", t.getValue())).append("</td><td class=\"num\">")
                .append(bytes == null ? "" : String.format(Locale.ROOT, "%.1f", bytes / 1048576.0))
                .append("</td><td class=\"").append(verdict.equals("identical") ? "pass" : verdict.equals("DIFFERS") ? "fail" : "")
                .append("\">").append(verdict).append("</td></tr>");
        }
        h.append("</tbody></table><p class=\"note\">MiB: InnoDB's estimate of data and indexes on the target when the report was written.</p></section>\n");
    }

    private static void preflight(StringBuilder h, List<Object> checks) {
        h.append("<section><h2>Preflight</h2><table id=\"preflight\"><thead><tr><th>result</th><th>check</th><th>found</th>")
            .append("<th>fix</th></tr></thead><tbody>");
        for (Object check : checks == null ? List.of() : checks) {
            JsonNode c = JSON.valueToTree(check);
            boolean passed = c.path("passed").asBoolean();
            String result = passed ? "PASS" : c.path("fatal").asBoolean(true) ? "FAIL" : "WARN";
            h.append("<tr><td class=\"").append(result.toLowerCase(Locale.ROOT)).append("\">").append(result)
                .append("</td><td>").append(esc(c.path("name").asText())).append("</td><td>")
                .append(esc(c.path("detail").asText())).append("</td><td>")
                .append(esc(c.path("fix").isNull() ? "" : c.path("fix").asText())).append("</td></tr>");
        }
        h.append("</tbody></table></section>\n");
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static final String STYLE = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0 auto;max-width:1100px;\
        padding:24px;color:#1d2733;background:#fff}
        header h1{margin:0;font-size:26px}.sub{color:#5b6776;margin:4px 0 16px}
        h2{font-size:18px;border-bottom:1px solid #d9dee5;padding-bottom:4px;margin-top:28px}
        .cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #d9dee5;border-radius:6px;padding:10px 14px;min-width:180px}
        .card .label{font-size:12px;color:#5b6776;text-transform:uppercase}.card .value{font-size:17px;font-weight:600}
        table{border-collapse:collapse;width:100%;font-size:14px;margin-top:8px}th,td{text-align:left;padding:4px 8px;\
        border-bottom:1px solid #eceff3;vertical-align:top}th{background:#f5f7f9}.num{text-align:right;font-variant-numeric:tabular-nums}
        .pass{color:#2e7d32;font-weight:600}.fail{color:#c62828;font-weight:600}.warn{color:#b26a00;font-weight:600}
        svg text{font-size:12px;fill:#1d2733}.axis,.grid{stroke:#c5ccd5;stroke-width:1}.grid{stroke-dasharray:3 3}
        polyline{fill:none;stroke-width:2}.bytes{stroke:#4e79a7}.seconds{stroke:#e15759}.bytes-key{fill:#4e79a7}.seconds-key{fill:#e15759}
        .coordinates{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:18px;font-weight:600}
        #evidence{font-size:13px;line-height:1.5}.note{color:#5b6776;font-size:12px}
        footer{margin-top:32px;color:#8a94a3;font-size:12px}
        """;
}
