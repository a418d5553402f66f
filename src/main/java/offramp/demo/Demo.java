package offramp.demo;

import offramp.binlog.BinlogCoordinates;
import offramp.pipeline.ConfigLoader;
import offramp.pipeline.Provision;
import offramp.replication.Replica;
import offramp.sandbox.LocalServer;
import offramp.sandbox.Sandbox;
import offramp.sandbox.ServerOptions;
import offramp.verify.TableChecksums;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

/**
 * The whole job on local servers: a source under write load, a crash-consistent snapshot and a clone on it,
 * coordinates found and proven, a replica loaded from the clone and started at them, caught up and compared.
 */
public final class Demo {

    /** What the demo ended with. */
    public record Outcome(BinlogCoordinates coordinates, long transactions, Map<String, String> source,
                          Map<String, String> replica) {
        public boolean identical() {
            return source.equals(replica);
        }
    }

    private static final List<String> SCHEMAS = List.of(WriteLoad.SCHEMA);

    private final Sandbox sandbox;
    private final Path workDir;
    private final PrintStream out;
    private final long started = System.nanoTime();

    /**
     * @param workDir the provision run's work directory, where its report.json and report.html go; outside the
     *                sandbox when the sandbox is removed at the end, so that the report the run names survives
     */
    public Demo(Sandbox sandbox, Path workDir, PrintStream out) {
        this.sandbox = sandbox;
        this.workDir = workDir;
        this.out = out;
    }

    public Outcome run(int loadSeconds) throws Exception {
        say("starting a source server (server_id 1, binlog ROW, files mysql-bin-changelog.*)");
        LocalServer source = sandbox.startServer("source", ServerOptions.defaults());
        try (Connection c = source.connect()) {
            WriteLoad.createSchema(c, 200);
        }
        WriteLoad load = new WriteLoad(source.rootEndpoint("source"), 4, System.nanoTime(), 5);
        load.start();
        say("write load running on 4 connections against " + source.uri("root"));
        LocalServer replica = sandbox.startServer("replica", ServerOptions.defaults().withServerId(3));
        say("an empty target server at " + replica.uri("root"));
        Thread.sleep(2000);

        Path config = writeConfig(source, replica);
        say("offramp provision --config " + config + " (snapshot provider: local)");
        try (Provision provision = new Provision(ConfigLoader.load(config), config, out)) {
            provision.run();
        }
        for (int i = 0; i < loadSeconds; i++) {
            Thread.sleep(1000);
            try (Connection r = replica.connect(); Connection s = source.connect()) {
                say("replicating under load: " + new Replica(r).progress(Replica.currentPosition(s)));
            }
        }
        load.stop();
        try (Connection r = replica.connect(); Connection s = source.connect()) {
            BinlogCoordinates end = Replica.currentPosition(s);
            say("write load stopped after " + load.committedTransactions() + " transactions; source at " + end);
            Replica replication = new Replica(r);
            replication.awaitPosition(end, 300);
            say("replica caught up: " + replication.progress(end));
            Map<String, String> expected = TableChecksums.of(s, SCHEMAS);
            Map<String, String> actual = TableChecksums.of(r, SCHEMAS);
            for (String table : expected.keySet()) {
                out.println("    " + compared(table, expected.get(table), actual.get(table)));
            }
            String started = Provision.startedAt(workDir);
            return new Outcome(BinlogCoordinates.parse(started), load.committedTransactions(), expected, actual);
        }
    }

    /**
     * One table compared, each figure named: {@code `bench`.`orders`: source 200 rows, CHECKSUM TABLE 1997591018;
     * replica 200 rows, CHECKSUM TABLE 1997591018: identical}.
     *
     * @param source  {@code rows:checksum} on the source, as {@link TableChecksums} gives it
     * @param replica the same on the replica; null when the replica lacks the table
     */
    static String compared(String table, String source, String replica) {
        return table + ": source " + figures(source) + "; replica " + figures(replica) + ": "
            + (source.equals(replica) ? "identical" : "DIFFERS");
    }

    private static String figures(String rowsAndChecksum) {
        if (rowsAndChecksum == null) {
            return "has no such table";
        }
        int colon = rowsAndChecksum.indexOf(':');
        return rowsAndChecksum.substring(0, colon) + " rows, CHECKSUM TABLE " + rowsAndChecksum.substring(colon + 1);
    }

    /** The configuration a DBA would write for this: the local provider on the source's data directory. */
    private Path writeConfig(LocalServer source, LocalServer replica) throws IOException {
        Path config = sandbox.root().resolve("offramp.yaml");
        Files.writeString(config, String.join("\n",
            "work-dir: " + workDir,
            "source:",
            "  uri: " + source.uri("root"),
            "snapshot:",
            "  provider: local",
            "  local: { datadir: " + source.datadir() + ", pid-file: " + source.datadir().resolve("server.pid") + ", server-id: 2 }",
            "target:",
            "  uri: " + replica.uri("root"),
            "replication:",
            "  user: root",
            "  source-host: 127.0.0.1",
            "  writable: true",
            "copy: { threads: 2 }",
            ""));
        return config;
    }

    private void say(String line) {
        out.printf("[%5.1fs] %s%n", (System.nanoTime() - started) / 1e9, line);
    }
}
