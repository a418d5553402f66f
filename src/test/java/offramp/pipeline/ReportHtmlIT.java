package offramp.pipeline;

import offramp.snapshot.SourcePause;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * report.html in a real browser: headless Chromium (Debian's package) loads it with the network off, and its DOM and
 * a screenshot show the timeline, the tables and the lag plot drawn.
 */
class ReportHtmlIT {

    @TempDir
    Path dir;

    @Test
    void chromiumDrawsTheTimelineTablesAndLagPlotOffline() throws Exception {
        Path chromium = chromium();
        Path page = dir.resolve("report.html");
        Files.writeString(page, ReportHtml.render(sample(), "root@10.0.0.5:3306 replicating from 10.0.0.1:3306",
            ZonedDateTime.of(2026, 3, 1, 12, 0, 0, 0, ZoneOffset.UTC)));
        String html = Files.readString(page);
        assertFalse(Pattern.compile("(src|href)\\s*=\\s*\"(https?:)?//").matcher(html).find(), "nothing is fetched");

        String dom = run(chromium, "--dump-dom", page.toUri().toString());
        assertTrue(dom.contains("<polyline id=\"lag-bytes\"") && dom.contains("<polyline id=\"lag-seconds\""), dom);
        assertEquals(3, count(dom, "<rect class=\"step\""), "one bar per step");
        assertEquals(2, count(section(dom, "tables"), "<tr><td>"), "one row per table");
        assertTrue(section(dom, "tables").contains("identical"));
        assertEquals(2, count(section(dom, "preflight"), "<tr><td"), "one row per check");
        assertTrue(dom.contains("mysql-bin-changelog.000001:73708846"));
        assertTrue(section(dom, "apply").contains("slave_parallel_threads = 0")
            && section(dom, "apply").contains("slave_parallel_threads = 16"), "the apply settings: " + section(dom, "apply"));
        assertTrue(section(dom, "apply").contains("60 transactions (1.5 MiB of binlog) applied in 2.00 s: 30 transactions/s, 768.0 KiB/s"),
            "the rate in words: " + section(dom, "apply"));
        assertFalse(section(dom, "apply").contains("null") || section(dom, "apply").contains("{"), "no raw JSON: " + section(dom, "apply"));
        assertTrue(dom.contains("source frozen</div><div class=\"value\">1.24 s</div>"), "the freeze is a card of its own");
        assertTrue(dom.contains("source frozen 1.24 s: stopped (SIGSTOP) while its data directory was copied"), dom);
        assertTrue(section(dom, "tables").contains("<td class=\"num\">25.0 MiB</td>")
            && section(dom, "tables").contains("<td class=\"num\">16.0 KiB</td>"), "each size in its own unit: " + section(dom, "tables"));
        // The seconds axis of a lag of at most 3 s: whole seconds, each labelled with its value.
        assertEquals(List.of("0 s", "1 s", "2 s", "3 s"), texts(dom, "seconds-axis"));
        assertEquals(List.of("0 MiB", "2 MiB", "4 MiB", "6 MiB", "8 MiB"), texts(dom, "bytes-axis"));
        // Each line in its own panel: the bytes line above, the seconds line below, not drawn over each other.
        double[] bytesY = yRange(dom, "lag-bytes");
        double[] secondsY = yRange(dom, "lag-seconds");
        assertTrue(bytesY[1] < secondsY[0], "the panels do not overlap: bytes " + bytesY[0] + "-" + bytesY[1]
            + ", seconds " + secondsY[0] + "-" + secondsY[1]);
        assertTrue(section(dom, "load").contains("sync_binlog 1 -&gt; 0") || section(dom, "load").contains("sync_binlog 1 -> 0"),
            "the fast load's settings: " + section(dom, "load"));
        assertFalse(dom.contains("<script"), "the page holds no script");

        Path png = Path.of(System.getProperty("report.png", dir.resolve("report.png").toString()));
        run(chromium, "--screenshot=" + png, "--window-size=1200,2400", page.toUri().toString());
        BufferedImage image = ImageIO.read(png.toFile());
        // The plot's lines are drawn in their own colours: the browser laid out and painted the SVG.
        assertTrue(pixels(image, 0x4e79a7) > 200, "the bytes line and the timeline are painted");
        assertTrue(pixels(image, 0xe15759) > 200, "the seconds line is painted");
    }

    private static Report sample() {
        Map<String, Double> steps = new LinkedHashMap<>();
        steps.put("preflight", 0.4);
        steps.put("copy", 6.2);
        steps.put("replicate", 3.1);
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put("app.orders", 120_000L);
        rows.put("app.customers", 2_000L);
        Map<String, Object> verify = Map.of("identical", true, "chunks", 4, "tables", Map.of(
            "app.orders", Map.of("rows", 120_000, "identical", true), "app.customers", Map.of("rows", 2_000, "identical", true)));
        List<Object> lag = new ArrayList<>();
        for (int i = 0; i <= 20; i++) {
            lag.add(Map.of("atSeconds", i * 2.0, "bytesBehind", (long) (8_000_000 * Math.exp(-i / 4.0)),
                "secondsBehind", Math.max(0, 3 - i / 3), "applied", "mysql-bin-changelog.000001:" + i));
        }
        Map<String, Object> rate = new LinkedHashMap<>();
        rate.put("seconds", 2.0);
        rate.put("transactions", 60);
        rate.put("bytes", 1_572_864);
        rate.put("transactionsPerSecond", 30.0);
        rate.put("bytesPerSecond", 786_432.0);
        Map<String, Object> catchUp = new LinkedHashMap<>();
        catchUp.put("settings-before", Map.of("slave_parallel_threads", "0"));
        catchUp.put("settings", Map.of("slave_parallel_threads", "16"));
        catchUp.put("rate", rate);
        List<Object> preflight = List.of(
            Map.of("name", "binlog", "passed", true, "detail", "ROW", "fatal", true),
            Map.of("name", "binlog retention", "passed", false, "detail", "2 hours", "fix", "keep binlogs longer", "fatal", false));
        return new Report("mysql-bin-changelog.000001:73708846",
            new SourcePause(1240L, "stopped (SIGSTOP) while its data directory was copied"), List.of("history: the last file written by server_id 1",
            "boundary: the last complete transaction ends at 73708846"), steps, rows, verify, lag, preflight,
            Map.of("app.orders", 25L << 20, "app.customers", 16L << 10), catchUp,
            Map.of("fast-load", "innodb_flush_log_at_trx_commit 1 -> 2, sync_binlog 1 -> 0 while the copy ran; put back "
                + "before replication started"));
    }

    /** Debian's chromium; a test without it fails under CI and is skipped elsewhere. */
    static Path chromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        String message = "headless Chromium is not installed (apt-get install chromium)";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message);
        return null;
    }

    /** Runs Chromium headless, with no network, for at most two minutes. */
    static String run(Path chromium, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars", "--proxy-server=127.0.0.1:9",
            "--proxy-bypass-list=<-loopback>", "--user-data-dir=" + Files.createTempDirectory("chromium-profile")));
        command.addAll(List.of(args));
        File log = File.createTempFile("chromium", ".log");
        Process p = new ProcessBuilder(command).redirectError(log).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s");
        }
        assertEquals(0, p.exitValue(), Files.readString(log.toPath()));
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String section(String dom, String tableId) {
        int start = dom.indexOf("<table id=\"" + tableId + "\"");
        return start < 0 ? "" : dom.substring(start, dom.indexOf("</table>", start));
    }

    /** The texts of the SVG text elements of {@code cssClass}, in order. */
    private static List<String> texts(String dom, String cssClass) {
        Matcher m = Pattern.compile("<text class=\"" + Pattern.quote(cssClass) + "\"[^>]*>([^<]*)</text>").matcher(dom);
        List<String> texts = new ArrayList<>();
        while (m.find()) {
            texts.add(m.group(1));
        }
        return texts;
    }

    /** The lowest and highest y of a polyline's points. */
    private static double[] yRange(String dom, String id) {
        Matcher m = Pattern.compile("<polyline id=\"" + id + "\"[^>]*points=\"([^\"]*)\"").matcher(dom);
        assertTrue(m.find(), id);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (String point : m.group(1).trim().split("\\s+")) {
            double y = Double.parseDouble(point.split(",")[1]);
            min = Math.min(min, y);
            max = Math.max(max, y);
        }
        return new double[]{min, max};
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static int pixels(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y) & 0xffffff;
                if (Math.abs((p >> 16) - (rgb >> 16)) < 24 && Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) < 24
                    && Math.abs((p & 0xff) - (rgb & 0xff)) < 24) {
                    n++;
                }
            }
        }
        return n;
    }
}
