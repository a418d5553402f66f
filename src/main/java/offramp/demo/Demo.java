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
    private final PrintStream out;
    private final long started = System.nanoTime();

    public Demo(Sandbox sandbox, PrintStream out) {
        this.sandbox = sandbox;
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
                String verdict = expected.get(table).equals(actual.get(table)) ? "identical" : "DIFFERS";
                out.printf("    %-22s source %-28s replica %-28s %s%n", table, expected.get(table),
                    actual.get(table), verdict);
            }
            String started = Provision.startedAt(sandbox.root().resolve("work"));
            return new Outcome(BinlogCoordinates.parse(started), load.committedTransactions(), expected, actual);
        }
    }

    /** The configuration a DBA would write for this: the local provider on the source's data directory. */
    private Path writeConfig(LocalServer source, LocalServer replica) throws IOException {
        Path config = sandbox.root().resolve("offramp.yaml");
        Files.writeString(config, String.join("\n",
            "work-dir: " + sandbox.root().resolve("work"),
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
