package offramp.binlog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code mysqlbinlog} on a file and collects the start and end position it prints for each event. */
final class MysqlbinlogPositions {

    record Position(long start, long end) {
    }

    private static final Pattern AT = Pattern.compile("^# at (\\d+)$");
    private static final Pattern END = Pattern.compile("^#\\d{6}\\s+\\d+:\\d+:\\d+ server id \\d+\\s+end_log_pos (\\d+).*");

    static List<Position> of(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mysqlbinlog", "--base64-output=never", file.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        List<Position> positions = new ArrayList<>();
        // MariaDB's mysqlbinlog prints "# at" of an ANNOTATE_ROWS event and of the TABLE_MAP after it before
        // either header line, so the starts queue up and each header takes the oldest.
        ArrayDeque<Long> starts = new ArrayDeque<>();
        for (String line : out.split("\n")) {
            Matcher a = AT.matcher(line);
            if (a.matches()) {
                starts.add(Long.parseLong(a.group(1)));
                continue;
            }
            Matcher e = END.matcher(line);
            if (e.matches() && !starts.isEmpty()) {
                positions.add(new Position(starts.removeFirst(), Long.parseLong(e.group(1))));
            }
        }
        return positions;
    }
}
