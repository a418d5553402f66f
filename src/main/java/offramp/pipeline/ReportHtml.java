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
        apply(h, report.catchUp());
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
     * The report of a live verification: its verdict and figures as cards and a summary, and what differs (each
     * definition, chunk and row) in a table.
     *
     * @param summary     label to value, in order (verdict, tables and rows, common points, longest pause, ...)
     * @param differences each difference as what, which part, on the source, on the replica
     */
    public static String renderVerify(Map<String, String> summary, List<List<String>> differences, String title,
                                      ZonedDateTime written) {
        StringBuilder h = page("offramp verify", title, written);
        h.append("<section class=\"cards\">");
        summary.entrySet().stream().limit(4).forEach(e -> card(h, e.getKey(), e.getValue()));
        h.append("</section>\n<section><h2>Summary</h2><table id=\"summary\"><tbody>");
        summary.forEach((k, v) -> row(h, k, v));
        h.append("</tbody></table></section>\n");
        h.append("<section><h2>Differences</h2>");
        if (differences.isEmpty()) {
            h.append("<p id=\"differences\">none: every table identical at a common point of the source's binlog</p>");
        } else {
            h.append("<table id=\"differences\"><thead><tr><th>what</th><th>part</th><th>source</th><th>replica</th></tr></thead><tbody>");
            for (List<String> d : differences) {
                h.append("<tr>");
                d.forEach(cell -> h.append("<td>").append(esc(cell == null ? "(none)" : cell)).append("</td>"));
                h.append("</tr>");
            }
            h.append("</tbody></table>");
        }
        h.append("</section>\n");
        return end(h, "run offramp verify --json for the same figures");
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

    /**
     * How the replica applied while it caught up, in words: the measured rate, its apply settings before offramp
     * changed them and while it caught up, and why.
     */
    private static void apply(StringBuilder h, Map<String, Object> catchUp) {
        if (catchUp == null || catchUp.isEmpty()) {
            return;
        }
        JsonNode c = JSON.valueToTree(catchUp);
        h.append("<section><h2>Apply</h2><table id=\"apply\"><tbody>");
        row(h, "apply rate", applyRate(c.path("rate")));
        if (c.has("settings-before")) {
            row(h, "settings before offramp", settingsText(c.path("settings-before")));
        }
        if (c.has("settings")) {
            row(h, "settings while it caught up", settingsText(c.path("settings")));
        }
        if (c.has("settings-note")) {
            row(h, "why", c.path("settings-note").asText());
        }
        h.append("</tbody></table></section>\n");
    }

    /** The measured rate in words; what was not measured, and why, where it was not. */
    static String applyRate(JsonNode rate) {
        if (rate == null || rate.isMissingNode() || rate.isNull()) {
            return "not measured: the replica had caught up at the first look";
        }
        double seconds = rate.path("seconds").asDouble();
        JsonNode transactions = rate.path("transactions");
        long bytes = rate.path("bytes").asLong(-1);
        String in = " applied in " + Units.precise(seconds);
        if (transactions.isNumber()) {
            long n = transactions.asLong();
            return String.format(Locale.ROOT, "%,d transactions", n) + (bytes < 0 ? "" : " (" + Units.bytes(bytes) + " of binlog)")
                + in + String.format(Locale.ROOT, ": %,.0f transactions/s", n / seconds)
                + (bytes < 0 ? "" : ", " + Units.bytes(bytes / seconds) + "/s");
        }
        return bytes < 0 ? "replicated for " + Units.precise(seconds) + "; neither transactions (GTIDs off) nor bytes counted"
            : Units.bytes(bytes) + " of binlog" + in + ": " + Units.bytes(bytes / seconds) + "/s; transactions not counted (GTIDs off)";
    }

    /** Server settings as {@code name = value} pairs; {@code none recorded} for an empty set. */
    private static String settingsText(JsonNode settings) {
        if (!settings.isObject()) {
            return settings.isNull() || settings.isMissingNode() ? "none recorded" : settings.asText();
        }
        List<String> pairs = new ArrayList<>();
        settings.fields().forEachRemaining(e -> pairs.add(e.getKey() + " = " + (e.getValue().isNull() ? "(unset)" : e.getValue().asText())));
        return pairs.isEmpty() ? "none recorded" : String.join(", ", pairs);
    }

    private static void row(StringBuilder h, String label, String value) {
        h.append("<tr><th>").append(esc(label)).append("</th><td>").append(esc(value)).append("</td></tr>");
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
        card(h, "source frozen", r.sourcePause() == null ? "not recorded" : r.sourcePause().frozenMs() == null ? "not stopped"
            : Units.precise(r.sourcePause().frozenMs() / 1000.0));
        card(h, "tables", r.rows().size() + " tables, " + String.format(Locale.ROOT, "%,d", rows) + " rows");
        card(h, "verify", r.verify() == null || r.verify().isEmpty() ? "not run" : identical ? "identical" : "DIFFERS");
        card(h, "time", Units.duration(total));
        h.append("</section>\n<p id=\"source-pause\">").append(esc(ReportFiles.pauseLine(r.sourcePause()))).append("</p>\n");
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
                .append(esc(Units.precise(step.getValue()))).append("</title></rect>");
            h.append("<text x=\"").append(fmt(x + w + 6)).append("\" y=\"").append(y + 16).append("\">")
                .append(esc(Units.precise(step.getValue()))).append("</text>");
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

    /**
     * The catch-up: bytes of binlog not yet applied and seconds behind, over time, each in its own panel on its own
     * axis, both over the same time axis.
     */
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
        PlotAxis time = PlotAxis.seconds(points.get(points.size() - 1)[0]);
        PlotAxis bytes = PlotAxis.bytes(points.stream().mapToDouble(p -> p[1]).max().orElse(0));
        PlotAxis seconds = PlotAxis.seconds(points.stream().mapToDouble(p -> p[2]).max().orElse(0));
        int left = 90;
        int w = 840;
        int panel = 130;
        int gap = 44;
        int top = 24;
        int height = top + 2 * panel + gap + 56;
        h.append("<svg id=\"lag-plot\" viewBox=\"0 0 ").append(left + w + 30).append(' ').append(height)
            .append("\" width=\"100%\" role=\"img\" aria-label=\"lag during catch-up\">");
        panel(h, "lag-bytes", "bytes", "binlog not yet applied", points, 1, bytes, time, left, top, w, panel);
        panel(h, "lag-seconds", "seconds", "seconds behind the source", points, 2, seconds, time, left, top + panel + gap, w, panel);
        int axisY = top + 2 * panel + gap;
        for (int i = 0; i < time.ticks().size(); i++) {
            double x = left + time.ticks().get(i) / time.top() * w;
            h.append("<text class=\"time-axis\" x=\"").append(fmt(x)).append("\" y=\"").append(axisY + 16)
                .append("\" text-anchor=\"middle\">").append(esc(time.labels().get(i))).append("</text>");
        }
        h.append("<text x=\"").append(left + w / 2).append("\" y=\"").append(axisY + 38)
            .append("\" text-anchor=\"middle\">time since the catch-up began</text>");
        h.append("</svg><p class=\"note\">").append(points.size()).append(" samples; the last: ")
            .append(esc(Units.bytes(points.get(points.size() - 1)[1]))).append(" behind")
            .append(points.get(points.size() - 1)[2] < 0 ? "" : ", " + String.format(Locale.ROOT, "%.0f s", points.get(points.size() - 1)[2]) + " lag")
            .append(".</p></section>\n");
    }

    /** One panel of the catch-up plot: its title, grid, value axis with a label per tick, and the line. */
    private static void panel(StringBuilder h, String id, String cssClass, String title, List<double[]> points, int column,
                              PlotAxis axis, PlotAxis time, int left, int top, int w, int ht) {
        h.append("<text class=\"panel-title ").append(cssClass).append("-title\" x=\"").append(left).append("\" y=\"")
            .append(top - 8).append("\">").append(esc(title)).append("</text>");
        for (int i = 0; i < axis.ticks().size(); i++) {
            double y = top + ht - axis.ticks().get(i) / axis.top() * ht;
            h.append("<line class=\"").append(i == 0 ? "axis" : "grid").append("\" x1=\"").append(left).append("\" y1=\"")
                .append(fmt(y)).append("\" x2=\"").append(left + w).append("\" y2=\"").append(fmt(y)).append("\"/>");
            h.append("<text class=\"").append(cssClass).append("-axis\" x=\"").append(left - 6).append("\" y=\"")
                .append(fmt(y + 4)).append("\" text-anchor=\"end\">").append(esc(axis.labels().get(i))).append("</text>");
        }
        h.append("<polyline id=\"").append(id).append("\" class=\"").append(cssClass).append("\" points=\"");
        for (double[] p : points) {
            if (p[column] >= 0) {
                h.append(fmt(left + p[0] / time.top() * w)).append(',')
                    .append(fmt(top + ht - p[column] / axis.top() * ht)).append(' ');
            }
        }
        h.append("\"/>");
    }

    private static void tables(StringBuilder h, Report r) {
        h.append("<section><h2>Tables</h2><table id=\"tables\"><thead><tr><th>table</th><th class=\"num\">rows</th>")
            .append("<th class=\"num\">size</th><th>checksum</th></tr></thead><tbody>");
        JsonNode verified = JSON.valueToTree(r.verify() == null ? Map.of() : r.verify()).path("tables");
        for (Map.Entry<String, Long> t : r.rows().entrySet()) {
            JsonNode v = verified.path(t.getKey());
            String verdict = v.isMissingNode() ? "not compared" : v.path("identical").asBoolean() ? "identical" : "DIFFERS";
            Long bytes = r.bytes() == null ? null : r.bytes().get(t.getKey());
            h.append("<tr><td>").append(esc(t.getKey())).append("</td><td class=\"num\">")
                .append(String.format(Locale.ROOT, "%,d", t.getValue())).append("</td><td class=\"num\">")
                .append(bytes == null ? "" : esc(Units.bytes(bytes)))
                .append("</td><td class=\"").append(verdict.equals("identical") ? "pass" : verdict.equals("DIFFERS") ? "fail" : "")
                .append("\">").append(verdict).append("</td></tr>");
        }
        h.append("</tbody></table><p class=\"note\">size: data and indexes on the target when the report was written, from information_schema.TABLES after ANALYZE (InnoDB's estimate).</p></section>\n");
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
        .cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #d9dee5;border-radius:6px;padding:10px 14px;flex:1 1 auto}
        .card .label{font-size:12px;color:#5b6776;text-transform:uppercase}.card .value{font-size:17px;font-weight:600}
        table{border-collapse:collapse;width:100%;font-size:14px;margin-top:8px}th,td{text-align:left;padding:4px 8px;\
        border-bottom:1px solid #eceff3;vertical-align:top}th{background:#f5f7f9}.num{text-align:right;font-variant-numeric:tabular-nums}
        .pass{color:#2e7d32;font-weight:600}.fail{color:#c62828;font-weight:600}.warn{color:#b26a00;font-weight:600}
        svg text{font-size:12px;fill:#1d2733}.axis,.grid{stroke:#c5ccd5;stroke-width:1}.grid{stroke-dasharray:3 3}
        polyline{fill:none;stroke-width:2}.bytes{stroke:#4e79a7}.seconds{stroke:#e15759}
        svg text.panel-title{font-size:13px;font-weight:600}svg text.bytes-title{fill:#4e79a7}svg text.seconds-title{fill:#e15759}
        .coordinates{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:18px;font-weight:600}
        #evidence{font-size:13px;line-height:1.5}.note{color:#5b6776;font-size:12px}
        footer{margin-top:32px;color:#8a94a3;font-size:12px}
        """;
}
