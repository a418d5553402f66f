package offramp.cli;

import offramp.binlog.BinlogCoordinates;
import offramp.replication.Replica;
import offramp.sandbox.LocalProvisionConfig;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import offramp.server.Endpoint;
import offramp.server.Queries;
import offramp.server.Secret;
import offramp.server.ServerUri;
import offramp.testing.Poll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * offramp status against real MariaDB replicas: healthy, lagging behind a write load, close to a purge of the binlog
 * it needs, broken by a duplicate key (1062), and with writes of its own; each with its exit code and metrics.
 */
class StatusIT {

    private static final String REPL_PASSWORD = "repl-Status-7";
    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-status-it");
    private static LocalServer source;
    private static int schemas;

    @BeforeAll
    static void source() throws Exception {
        source = sandbox.startServer("source", ServerOptions.defaults());
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            s.execute("CREATE USER 'repl'@'localhost' IDENTIFIED BY '" + REPL_PASSWORD + "'");
            s.execute("GRANT REPLICATION SLAVE ON *.* TO 'repl'@'localhost'");
        }
    }

    @Test
    void aHealthyReplicaIsOkInTextJsonTextfileAndOnTheMetricsPort() throws Exception {
        LocalServer replica = replica(41);
        String schema = schemaWithRows(replica, 20);
        caughtUp(replica);
        Path textfile = sandbox.root().resolve("healthy.prom");
        CliRun run = status(replica, "--textfile", textfile.toString());
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains(": OK") && run.out().contains("IO thread Yes, SQL thread Yes")
            && run.out().contains("caught up") && run.out().contains("read_only ON"), run.out());
        String metrics = Files.readString(textfile);
        assertEquals(0.0, gauge(metrics, "offramp_replica_status"), metrics);
        assertEquals(1.0, gauge(metrics, "offramp_replica_up"), metrics);
        assertEquals(1.0, gauge(metrics, "offramp_source_up"), metrics);
        assertTrue(gauge(metrics, "offramp_replica_applied_transactions_total") >= 20, metrics);
        assertEquals(0.0, gauge(metrics, "offramp_replica_lag_bytes"), metrics);
        assertEquals(1.0, gauge(metrics, "offramp_replica_sql_thread_running"), metrics);
        assertEquals(Double.POSITIVE_INFINITY, gauge(metrics, "offramp_source_binlog_headroom_seconds"), "MariaDB's default keeps binlogs");

        CliRun json = status(replica, "--json", "--sample-seconds", "0");
        assertEquals(0, json.exit(), json.out() + json.err());
        assertTrue(json.out().contains("\"level\" : \"OK\"") && json.out().contains("\"lagBytes\" : 0"), json.out());

        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        CompletableFuture<CliRun> watching = CompletableFuture.supplyAsync(() -> status(replica, "--metrics-port",
            Integer.toString(port), "--metrics-host", "127.0.0.1", "--watch", "1", "--count", "4", "--sample-seconds", "0"));
        String served = scrape(port);
        assertTrue(served.contains("offramp_replica_status{replica=\"127.0.0.1:" + replica.port() + "\"} 0"), served);
        CliRun watched = watching.get(60, TimeUnit.SECONDS);
        assertEquals(0, watched.exit(), watched.out() + watched.err());
        assertTrue(schema.startsWith("s"));
    }

    @Test
    void aReplicaBehindAWriteLoadIsFallingBehind() throws Exception {
        LocalServer replica = replica(42);
        String schema = schemaWithRows(replica, 1);
        caughtUp(replica);
        try (Connection r = replica.connect(); Statement s = r.createStatement()) {
            // A delayed replica stands for one that cannot keep up: it runs, and applies nothing new.
            s.execute("STOP SLAVE");
            s.execute("CHANGE MASTER TO MASTER_DELAY = 3600");
            s.execute("START SLAVE");
        }
        write(schema, 200);
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> write(schema, 300));
        Path textfile = sandbox.root().resolve("lagging.prom");
        CliRun run = status(replica, "--textfile", textfile.toString(), "--sample-seconds", "3");
        load.get(120, TimeUnit.SECONDS);
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("WARNING  lag") && run.out().contains("falling behind")
            && run.out().contains("MiB of binlog not yet applied"), run.out());
        String metrics = Files.readString(textfile);
        assertEquals(1.0, gauge(metrics, "offramp_replica_status"));
        assertTrue(gauge(metrics, "offramp_replica_lag_bytes") > 1 << 20, metrics);
        assertTrue(gauge(metrics, "offramp_source_binlog_written_bytes_total") > 0, "a counter, for rate(): " + metrics);
        assertTrue(!metrics.contains("per_second"), "no rate computed in the process: " + metrics);
        assertEquals(Double.POSITIVE_INFINITY, gauge(metrics, "offramp_replica_catch_up_seconds"), metrics);
        sandbox.discard(replica);
    }

    @Test
    void aBinlogCloseToItsPurgeIsAWarningThenCritical() throws Exception {
        LocalServer replica = replica(43);
        schemaWithRows(replica, 5);
        caughtUp(replica);
        try {
            setRetention(7200);
            Path textfile = sandbox.root().resolve("retention.prom");
            CliRun soon = status(replica, "--textfile", textfile.toString(), "--sample-seconds", "0");
            assertEquals(1, soon.exit(), soon.out() + soon.err());
            assertTrue(soon.out().contains("WARNING  retention") && soon.out().contains("purges in about 2.0 h")
                && soon.out().contains("keep binlogs longer"), soon.out());
            assertEquals(7200.0, gauge(Files.readString(textfile), "offramp_source_binlog_headroom_seconds"));
            assertEquals(7200.0, gauge(Files.readString(textfile), "offramp_source_binlog_retention_seconds"));

            // The replica falls behind on an older file, which the source has closed: its age counts.
            try (Connection r = replica.connect(); Statement s = r.createStatement()) {
                s.execute("STOP SLAVE");
                s.execute("CHANGE MASTER TO MASTER_DELAY = 3600");
                s.execute("START SLAVE");
            }
            try (Connection c = source.connect(); Statement s = c.createStatement()) {
                s.execute("FLUSH BINARY LOGS");
            }
            setRetention(1800);
            CliRun due = status(replica, "--textfile", textfile.toString(), "--sample-seconds", "0");
            assertEquals(2, due.exit(), due.out() + due.err());
            assertTrue(due.out().contains("CRITICAL retention"), due.out());
            double headroom = gauge(Files.readString(textfile), "offramp_source_binlog_headroom_seconds");
            assertTrue(headroom <= 1800 && headroom > 1700, "counted from when the file closed: " + headroom);
        } finally {
            setRetention(0);
            sandbox.discard(replica);
        }
    }

    @Test
    void aReplicaStoppedByADuplicateKeyIsCriticalWithTheCause() throws Exception {
        LocalServer replica = replica(44);
        String schema = schemaWithRows(replica, 5);
        caughtUp(replica);
        try (Connection r = replica.connect(); Statement s = r.createStatement()) {
            s.execute("SET SESSION sql_log_bin = 0");
            s.execute("SET GLOBAL read_only = OFF");
            s.execute("INSERT INTO " + schema + ".t (id, v) VALUES (1000, 'only on the replica')");
            s.execute("SET GLOBAL read_only = ON");
        }
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + schema + ".t (id, v) VALUES (1000, 'on the source')");
        }
        try (Connection r = replica.connect()) {
            Poll.until("the replica's SQL thread to stop on the duplicate key", Duration.ofSeconds(60),
                () -> new Replica(r).replicationStatus(), status -> status.sqlErrno() != 0);
        }
        Path textfile = sandbox.root().resolve("broken.prom");
        CliRun run = status(replica, "--textfile", textfile.toString(), "--sample-seconds", "1");
        assertEquals(2, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("CRITICAL threads") && run.out().contains("SQL thread No")
            && run.out().contains("does not match the coordinates") && run.out().contains("Duplicate entry"), run.out());
        String metrics = Files.readString(textfile);
        assertEquals(2.0, gauge(metrics, "offramp_replica_status"));
        assertEquals(1062.0, gauge(metrics, "offramp_replica_last_error_number"));
        assertEquals(0.0, gauge(metrics, "offramp_replica_sql_thread_running"));
        sandbox.discard(replica);
    }

    @Test
    void writesOfTheReplicasOwnAreDrift() throws Exception {
        LocalServer replica = replica(45);
        schemaWithRows(replica, 5);
        caughtUp(replica);
        try (Connection r = replica.connect(); Statement s = r.createStatement()) {
            s.execute("SET GLOBAL read_only = OFF");
            s.execute("CREATE DATABASE local_only");
            s.execute("CREATE TABLE local_only.notes (id INT PRIMARY KEY)");
            s.execute("INSERT INTO local_only.notes VALUES (1)");
        }
        Path textfile = sandbox.root().resolve("drift.prom");
        CliRun run = status(replica, "--textfile", textfile.toString(), "--sample-seconds", "1");
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("WARNING  drift") && run.out().contains("transactions of its own")
            && run.out().contains("0-45-"), run.out());
        assertTrue(run.out().contains("WARNING  read-only") && run.out().contains("read_only OFF"), run.out());
        String metrics = Files.readString(textfile);
        assertEquals(1.0, gauge(metrics, "offramp_replica_status"));
        assertTrue(gauge(metrics, "offramp_replica_own_gtids") >= 1, metrics);
        assertEquals(0.0, gauge(metrics, "offramp_replica_read_only"));
        sandbox.discard(replica);
    }

    @Test
    void provisionedSettingsLostByARestartAreCriticalAndTheTargetsOwnAccountIsNoDrift() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(46));
        try (Connection t = target.connect(); Statement s = t.createStatement()) {
            s.execute("CREATE USER 'monitor'@'localhost' IDENTIFIED BY 'Mon-1tor'"); // the DBA's, before provisioning
        }
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        Path config = work.resolve("offramp.yaml");
        Files.writeString(config, String.join("\n",
            LocalProvisionConfig.head(work, source, target, ""),
            "replication: { user: root, source-host: 127.0.0.1, catch-up-timeout: 120, parallel-workers: 4 }",
            ""));
        CliRun provision = CliRun.of("provision", "--config", config.toString());
        assertEquals(0, provision.exit(), provision.out() + provision.err());
        Path optionFile = work.resolve("replica-settings.cnf");
        assertTrue(provision.out().contains("!include " + optionFile.toAbsolutePath()), provision.out());
        String fragment = Files.readString(optionFile);
        assertTrue(fragment.contains("[mysqld]") && fragment.contains("read_only = ON")
            && fragment.contains("slave_parallel_threads = 4") && fragment.contains("slave_parallel_mode = optimistic"), fragment);
        assertTrue(!fragment.contains("replicate_wild_ignore_table"), "the source has no mysql.rds_ tables: " + fragment);
        try (Connection t = target.connect()) {
            assertEquals("", Queries.text(t, "SELECT @@GLOBAL.replicate_wild_ignore_table"), "no rds_ filter without rds_ tables");
        }

        CliRun healthy = CliRun.of("status", "--config", config.toString(), "--sample-seconds", "1");
        assertEquals(0, healthy.exit(), "the monitor account made before provisioning is no drift: " + healthy.out() + healthy.err());
        assertTrue(healthy.out().contains("OK       drift"), healthy.out());

        target.stop();
        target.start();
        CliRun restarted = CliRun.of("status", "--config", config.toString(), "--sample-seconds", "1");
        assertEquals(2, restarted.exit(), restarted.out() + restarted.err());
        assertTrue(restarted.out().contains("CRITICAL settings") && restarted.out().contains("read_only 0 (offramp set ON)")
            && restarted.out().contains("slave_parallel_threads 0 (offramp set 4)")
            && restarted.out().contains("!include " + optionFile.toAbsolutePath()), restarted.out());
        assertTrue(!restarted.out().contains("something writes on the replica"), "a restart rotates the binlog: " + restarted.out());

        sandbox.discard(target);
    }

    @Test
    void cannotCheckIsUnknownNotCritical() throws Exception {
        Path none = sandbox.root().resolve("no-such-password-file");
        CliRun noPassword = CliRun.of("status", "--replica", "root@127.0.0.1:" + source.port(), "--source",
            source.uri("root").toString(), "--replica-password-file", none.toString());
        assertEquals(3, noPassword.exit(), noPassword.out() + noPassword.err());
        CliRun badUsage = CliRun.of("status", "--sample-seconds", "-1", "--replica", source.uri("root").toString(),
            "--source", source.uri("root").toString());
        assertEquals(3, badUsage.exit(), badUsage.out() + badUsage.err());
        CliRun unknownOption = CliRun.of("status", "--no-such-option");
        assertEquals(3, unknownOption.exit(), unknownOption.out() + unknownOption.err());
        Path wrong = sandbox.root().resolve("wrong-password");
        Files.writeString(wrong, "not-the-password\n");
        Files.setPosixFilePermissions(wrong, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        CliRun denied = CliRun.of("status", "--replica", source.uri("root").toString(), "--replica-password-file",
            wrong.toString(), "--source", source.uri("root").toString(), "--sample-seconds", "1");
        assertEquals(3, denied.exit(), denied.out() + denied.err());
        assertTrue(denied.out().contains("UNKNOWN"), denied.out());
        CliRun otherCommand = CliRun.of("checksum", "--no-such-option");
        assertEquals(2, otherCommand.exit(), "bad usage of every other command stays 2");
    }

    @Test
    void aHungReplicaIsCriticalWithinTheHandshakeTimeout() throws Exception {
        LocalServer replica = replica(47);
        replica.freeze();
        try {
            long started = System.nanoTime();
            CliRun run = status(replica, "--sample-seconds", "5");
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals(2, run.exit(), run.out() + run.err());
            assertTrue(run.out().contains("CRITICAL"), run.out());
            System.out.printf("status against a stopped (SIGSTOP) replica took %.1f s%n", seconds);
            assertTrue(seconds < 25, "one handshake timeout (20 s), not two and the sample between: " + seconds + " s");
        } finally {
            replica.thaw();
        }
        sandbox.discard(replica);
    }

    /** A fresh server replicating from the source's current position, read-only, as provision leaves it. */
    private static LocalServer replica(int serverId) throws Exception {
        LocalServer replica = sandbox.startServer("replica", ServerOptions.defaults().withServerId(serverId));
        BinlogCoordinates at;
        try (Connection c = source.connect()) {
            at = Replica.currentPosition(c);
        }
        try (Connection r = replica.connect(); Statement s = r.createStatement()) {
            new Replica(r).start("localhost", source.port(), new Endpoint("replication",
                new ServerUri("repl", "localhost", source.port()), new Secret(REPL_PASSWORD)), at);
            s.execute("SET GLOBAL read_only = ON");
        }
        return replica;
    }

    /** A new schema on the source, which the replica gets through replication. */
    private static String schemaWithRows(LocalServer replica, int rows) throws Exception {
        String schema = "s" + (++schemas);
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + schema);
            s.execute("CREATE TABLE " + schema + ".t (id INT PRIMARY KEY AUTO_INCREMENT, v TEXT)");
        }
        write(schema, rows);
        return schema;
    }

    private static void write(String schema, int rows) {
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            for (int i = 0; i < rows; i++) {
                s.execute("INSERT INTO " + schema + ".t (v) VALUES (REPEAT('x', 10000))");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void caughtUp(LocalServer replica) throws Exception {
        try (Connection c = source.connect(); Connection r = replica.connect()) {
            new Replica(r).awaitPosition(Replica.currentPosition(c), 60);
        }
    }

    private static void setRetention(long seconds) throws Exception {
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("SET GLOBAL binlog_expire_logs_seconds = " + seconds);
        }
    }

    private static CliRun status(LocalServer replica, String... more) {
        List<String> args = new ArrayList<>(List.of("status", "--replica", replica.uri("root").toString(),
            "--source", source.uri("root").toString()));
        if (!List.of(more).contains("--sample-seconds")) {
            args.addAll(List.of("--sample-seconds", "1"));
        }
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** A gauge's value in the Prometheus text format. */
    private static double gauge(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*\\} (\\S+)$").matcher(text);
        assertTrue(m.find(), name + " in " + text);
        String v = m.group(1);
        return v.equals("+Inf") ? Double.POSITIVE_INFINITY : v.equals("-Inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(v);
    }

    /** The metrics page, asked for until it answers (the command starts serving within a few seconds). */
    private static String scrape(int port) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(5)).build();
        return Poll.until("the metrics port " + port + " to serve offramp_replica_status", Duration.ofSeconds(30), () -> {
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                return r.statusCode() + ": " + r.body();
            } catch (IOException e) {
                return e.toString();
            }
        }, answer -> answer.startsWith("200: ") && answer.contains("offramp_replica_status{")).substring("200: ".length());
    }
}
