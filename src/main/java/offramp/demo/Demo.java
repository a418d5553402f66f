package offramp.demo;

import offramp.binlog.BinlogCoordinates;
import offramp.coordinates.CloneCoordinates;
import offramp.coordinates.CoordinatesFinder;
import offramp.coordinates.SourceProof;
import offramp.coordinates.SourceProver;
import offramp.replication.Replica;
import offramp.sandbox.LocalServer;
import offramp.sandbox.Sandbox;
import offramp.sandbox.ServerOptions;
import offramp.verify.TableChecksums;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        Thread.sleep(2000);

        say("snapshot: freezing the source process, copying its data directory, thawing it");
        Path copy = sandbox.snapshot(source, "snapshot");
        LocalServer clone = sandbox.startClone(copy, ServerOptions.defaults().withServerId(2));
        say("clone started on the copy (server_id 2, crash recovery done) at " + clone.uri("root"));

        CloneCoordinates found = new CoordinatesFinder(clone.rootEndpoint("clone")).find(Optional.empty());
        SourceProof proof = new SourceProver(source.rootEndpoint("source")).prove(found);
        say("coordinates " + found.coordinates());
        found.evidence().forEach(line -> out.println("    found   " + line));
        proof.checks().forEach(line -> out.println("    proven  " + line));

        LocalServer replica = sandbox.startServer("replica", ServerOptions.defaults().withServerId(3));
        say("copying the clone's data to a new replica at " + replica.uri("root") + " (mysqldump)");
        DumpCopy.copy(clone, replica, SCHEMAS, sandbox.root());
        sandbox.discard(clone);
        say("clone removed; starting replication from the live source at " + found.coordinates());
        try (Connection r = replica.connect(); Connection s = source.connect()) {
            Replica replication = new Replica(r);
            replication.start("127.0.0.1", source.port(), source.rootEndpoint("replication"), found.coordinates());
            for (int i = 0; i < loadSeconds; i++) {
                Thread.sleep(1000);
                say("catching up: " + replication.progress(Replica.currentPosition(s)));
            }
            load.stop();
            BinlogCoordinates end = Replica.currentPosition(s);
            say("write load stopped after " + load.committedTransactions() + " transactions; source at " + end);
            replication.awaitPosition(end, 300);
            say("replica caught up: " + replication.progress(end));
            Map<String, String> expected = TableChecksums.of(s, SCHEMAS);
            Map<String, String> actual = TableChecksums.of(r, SCHEMAS);
            for (String table : expected.keySet()) {
                String verdict = expected.get(table).equals(actual.get(table)) ? "identical" : "DIFFERS";
                out.printf("    %-22s source %-28s replica %-28s %s%n", table, expected.get(table),
                    actual.get(table), verdict);
            }
            return new Outcome(found.coordinates(), load.committedTransactions(), expected, actual);
        }
    }

    private void say(String line) {
        out.printf("[%5.1fs] %s%n", (System.nanoTime() - started) / 1e9, line);
    }
}
