package offramp.cli;


import offramp.binlog.BinlogEvent;
import offramp.binlog.BinlogReader;
import offramp.binlog.EventSink;
import offramp.binlog.FileBinlogReader;
import offramp.binlog.ReadResult;
import offramp.binlog.ServerBinlogReader;
import offramp.usage.BadUsage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "binlog", mixinStandardHelpOptions = true, description = {
    "List binlog events with their start and end positions, as mysqlbinlog prints '# at' and 'end_log_pos'.",
    "Read local files (offramp binlog FILE...) or a server's file over the replication protocol",
    "(offramp binlog --server USER@HOST:PORT --file NAME); the server's password comes from",
    "OFFRAMP_SOURCE_PASSWORD or --source-password-file, and its user needs REPLICATION SLAVE."})
final class BinlogCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "binlog files to read")
    List<Path> files = List.of();

    @Option(names = "--server", paramLabel = "USER@HOST:PORT", description = "read from this server")
    String server;

    @Option(names = "--file", paramLabel = "NAME", description = "the binlog file to read from --server")
    String file;

    @Option(names = "--start-position", paramLabel = "P", defaultValue = "4",
        description = "first event to list (default: ${DEFAULT-VALUE})")
    long startPosition;

    @Option(names = "--source-password-file", paramLabel = "PATH", description = "file holding the --server password")
    Path passwordFile;



    @Override
    public Integer call() throws IOException {
        if ((server == null) == files.isEmpty() || (server != null) != (file != null)) {
            throw new BadUsage("give either FILE... or both --server and --file");
        }
        if (startPosition < 4) {
            throw new BadUsage("--start-position must be 4 or more (the first event starts at 4)");
        }
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        int exit = ExitCodes.DONE;
        try {
            if (server != null) {
                BinlogReader reader = new ServerBinlogReader(
                    common.endpoint("source", server, passwordFile));
                exit = list(reader, file, out);
            } else {
                for (Path f : files) {
                    Path dir = f.toAbsolutePath().getParent();
                    exit = Math.max(exit, list(new FileBinlogReader(dir), f.getFileName().toString(), out));
                }
            }
        } finally {
            out.flush();
        }
        return exit;
    }

    private int list(BinlogReader reader, String name, Writer out) throws IOException {
        EventSink print = event -> {
            try {
                out.write(common.json ? jsonLine(event) : textLine(event));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return true;
        };
        ReadResult result = reader.read(name, startPosition, print);
        if (result.ending() == ReadResult.Ending.TORN) {
            out.flush();
            System.err.println("offramp: " + name + ": " + result.detail());
            return ExitCodes.FAILED;
        }
        return ExitCodes.DONE;
    }

    static String textLine(BinlogEvent e) {
        StringBuilder s = new StringBuilder();
        s.append(e.file()).append("  at ").append(e.start()).append("  end_log_pos ").append(e.end())
            .append("  ").append(e.type().label()).append("  server_id ").append(e.serverId());
        if (e.gtid() != null) {
            s.append("  GTID ").append(e.gtid());
            if (e.standalone()) {
                s.append(" standalone");
            }
        } else if (e.statement() != null) {
            s.append("  ").append(e.statementHead(80));
        }
        return s.toString();
    }

    static String jsonLine(BinlogEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", e.file());
        m.put("start", e.start());
        m.put("end", e.end());
        m.put("type", e.type().label());
        m.put("serverId", e.serverId());
        m.put("timestamp", e.timestamp());
        if (e.gtid() != null) {
            m.put("gtid", e.gtid());
            m.put("standalone", e.standalone());
        }
        if (e.statement() != null) {
            m.put("statement", e.statementHead(200));
        }
        return Json.of(m).replace("\n", "").replaceAll(" {2,}", " ");
    }
}
