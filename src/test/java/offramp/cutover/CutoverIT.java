package offramp.cutover;

import offramp.binlog.BinlogCoordinates;
import offramp.cli.CliRun;
import offramp.replication.Replica;
import offramp.replication.ReplicationStatus;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import offramp.server.Connections;
import offramp.server.Endpoint;
import offramp.server.Secret;
import offramp.server.ServerUri;
import offramp.testing.Poll;
import offramp.verify.TableChecksums;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * offramp cutover on local MariaDB servers: a source under a write load whose clients retry, moved to its replica
 * and back; killed with SIGKILL after each phase and rerun; rolled back when the budget is too small.
 */
class CutoverIT {

    private static final String APP_PASSWORD = "app-secret";
    private static final String REPL_PASSWORD = "repl-secret";
    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-cutover-it");

    /** A source and its replica (the target), with the application's account, schema and rows on both. */
    private record Pair(LocalServer source, LocalServer target, Path work, Path config) {
    }

    private static Pair pair(String name) throws Exception {
        return pair(name, false, false);
    }

    private static Pair pair(String name, boolean rds) throws Exception {
        return pair(name, rds, false);
    }

    /**
     * With {@code rds}, the source is an RDS stand-in: offramp's account there has no SUPER, only RDS's procedures.
     * With {@code provisioned}, the target starts empty and {@code offramp provision} (local provider) builds it, so that
     * the cutover meets the settings provision leaves; otherwise it replicates from the source from the start.
     */
    private static Pair pair(String name, boolean rds, boolean provisioned) throws Exception {
        ServerOptions durable = ServerOptions.defaults().with("--sync-binlog=1", "--innodb-flush-log-at-trx-commit=1");
        LocalServer source = sandbox.startServer(name + "-source", durable.withServerId(1));
        LocalServer target = sandbox.startServer(name + "-target", durable.withServerId(2));
        for (LocalServer s : List.of(source, target)) {
            try (Connection c = s.connect(); Statement st = c.createStatement()) {
                st.execute("SET SESSION sql_log_bin = 0");
                st.execute("CREATE USER 'repl'@'%' IDENTIFIED BY '" + REPL_PASSWORD + "'");
                st.execute("GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'");
            }
        }
        BinlogCoordinates start;
        try (Connection c = source.connect()) {
            start = Replica.currentPosition(c);
        }
        if (!provisioned) {
            replicate(source, target, start);
        }
        try (Connection c = source.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE USER 'app'@'%' IDENTIFIED BY '" + APP_PASSWORD + "'");
            st.execute("CREATE DATABASE app");
            st.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON app.* TO 'app'@'%'");
            st.execute("CREATE TABLE app.writes (id BIGINT PRIMARY KEY AUTO_INCREMENT, client INT NOT NULL, "
                + "token VARCHAR(40) NOT NULL, KEY by_token (token)) ENGINE=InnoDB");
            st.execute("USE app");
            st.execute("INSERT INTO app.writes (client, token) SELECT 0, CONCAT('seed-', seq) FROM seq_1_to_2000");
            // INSERT ... SELECT reserves AUTO_INCREMENT values in doubling batches on the source, while the replica
            // applies rows with their ids: the counters differ, and the final comparison must not call that a difference.
        }
        if (!provisioned) {
            try (Connection s = source.connect(); Connection t = target.connect()) {
                new Replica(t).awaitPosition(Replica.currentPosition(s), 60);
            }
        }
        Path work = Files.createTempDirectory(sandbox.root(), name + "-work");
        String sourceLine = "source: { uri: " + source.uri("root") + " }";
        if (rds) {
            RdsStandIn.install(source);
            Path masterPw = work.resolve("master.pw");
            Files.writeString(masterPw, RdsStandIn.MASTER_PASSWORD);
            Files.setPosixFilePermissions(masterPw, PosixFilePermissions.fromString("rw-------"));
            sourceLine = "source: { uri: " + source.uri(RdsStandIn.MASTER) + ", password-file: " + masterPw + " }";
        }
        Path pw = work.resolve("repl.pw");
        Files.writeString(pw, REPL_PASSWORD);
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(work.resolve("primary.txt"), "127.0.0.1:" + source.port());
        Path config = work.resolve("offramp.yaml");
        Files.writeString(config, String.join("\n",
            "work-dir: " + work.resolve("state"),
            sourceLine,
            provisioned ? "snapshot: { provider: local, local: { datadir: " + source.datadir() + ", pid-file: "
                + source.datadir().resolve("server.pid") + " } }"
                : "snapshot: { provider: clone, clone: { uri: " + source.uri("root") + " } }",
            "target: { uri: " + target.uri("root") + " }",
            "replication: { user: repl, password-file: " + pw + ", source-host: 127.0.0.1 }",
            "cutover:",
            "  application-accounts: ['app@%']",
            "  switch-command: echo $OFFRAMP_NEW_PRIMARY > " + work.resolve("primary.txt"),
            "  fence-proof-seconds: 1",
            "  target-host: 127.0.0.1",
            ""));
        if (provisioned) {
            CliRun provision = CliRun.of("provision", "--config", config.toString());
            assertEquals(0, provision.exit(), provision.out() + provision.err());
            try (Connection t = target.connect(); Statement st = t.createStatement()) {
                // offramp copies no accounts: the DBA makes the application's on the replica, out of its binlog.
                st.execute("SET SESSION sql_log_bin = 0");
                st.execute("CREATE USER IF NOT EXISTS 'app'@'%' IDENTIFIED BY '" + APP_PASSWORD + "'");
                st.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON app.* TO 'app'@'%'");
            }
        }
        return new Pair(source, target, work, config);
    }

    /** The target replicates from the source from {@code start}, read-only. */
    private static void replicate(LocalServer source, LocalServer target, BinlogCoordinates start) throws Exception {
        try (Connection t = target.connect()) {
            new Replica(t).start("127.0.0.1", source.port(), new Endpoint("replication", source.uri("repl"),
                new Secret(REPL_PASSWORD)), start);
            try (Statement st = t.createStatement()) {
                st.execute("SET GLOBAL read_only = ON");
            }
        }
    }

    @Test
    void underWriteLoadEveryAcknowledgedWriteIsOnTheNewPrimaryOnceAndReverseBringsThemBack() throws Exception {
        Pair p = pair("load", false, true);
        CliRun plan = CliRun.of("cutover", "--config", p.config().toString(), "--plan");
        assertEquals(0, plan.exit(), plan.out() + plan.err());
        assertTrue(plan.out().contains("ALTER USER 'app'@'%' ACCOUNT LOCK"), plan.out());
        assertTrue(plan.out().contains("MASTER_PASSWORD='****'"), plan.out());
        assertFalse(plan.out().contains(REPL_PASSWORD), "the plan shows no password");
        assertFalse(Files.exists(p.work().resolve("state").resolve(Cutover.JOURNAL)), "the plan changed nothing");

        Clients clients = new Clients(p.work().resolve("primary.txt"), 3);
        clients.start();
        waitUntil(() -> clients.acknowledged() > 20, "the clients write on the source");
        CliRun forward = CliRun.of("cutover", "--config", p.config().toString());
        assertEquals(0, forward.exit(), forward.out() + forward.err());
        assertTrue(forward.out().contains("cutover done"), forward.out());
        assertTrue(forward.out().contains("== live verification of") && forward.out().contains("before anything is fenced"),
            forward.out());
        Matcher underFence = Pattern.compile("(\\d+) chunks compared under the fence: (\\d+) changed").matcher(forward.out());
        assertTrue(underFence.find(), forward.out());
        assertTrue(Integer.parseInt(underFence.group(1)) >= 1, "the table the clients write to changed: " + forward.out());
        assertFalse(forward.out().contains(REPL_PASSWORD) || forward.err().contains(REPL_PASSWORD));
        assertFalse(Files.readString(p.work().resolve("state").resolve(Cutover.JOURNAL)).contains(REPL_PASSWORD));
        assertEquals("127.0.0.1:" + p.target().port(), Files.readString(p.work().resolve("primary.txt")).trim());
        String report = Files.readString(p.work().resolve("state").resolve("cutover-report.html"));
        assertTrue(report.contains("writes stopped") && report.contains("<svg id=\"timeline\"") && report.contains("fence-proven"),
            report);
        assertFalse(report.contains(REPL_PASSWORD), "the report shows no password");
        assertTrue(Files.readString(p.work().resolve("state").resolve("cutover-report.json")).contains("\"phaseSeconds\""));
        long atCutover = clients.acknowledged();
        waitUntil(() -> clients.acknowledged() > atCutover + 20, "the clients write on the new primary");
        assertFenced(p.source());
        assertReplicates(p.source(), p.target());

        CliRun again = CliRun.of("cutover", "--config", p.config().toString());
        assertEquals(0, again.exit(), again.out() + again.err());
        assertTrue(again.out().contains("nothing to do"), again.out());

        CliRun back = CliRun.of("cutover", "--config", p.config().toString(), "--reverse");
        assertEquals(0, back.exit(), back.out() + back.err());
        long atReverse = clients.acknowledged();
        waitUntil(() -> clients.acknowledged() > atReverse + 20, "the clients write on the source again");
        clients.stop();
        assertFenced(p.target());

        try (Connection s = p.source().connect(); Connection t = p.target().connect()) {
            new Replica(t).awaitPosition(Replica.currentPosition(s), 60);
            Map<String, Integer> onSource = tokens(s);
            for (String token : clients.tokens()) {
                assertEquals(1, onSource.getOrDefault(token, 0), "acknowledged write " + token + " is on the primary exactly once");
            }
            assertTrue(onSource.values().stream().allMatch(n -> n == 1), "no write is there twice");
            assertEquals(TableChecksums.of(s, List.of("app")), TableChecksums.of(t, List.of("app")));
        }

        CliRun complete = CliRun.of("cutover", "--config", p.config().toString(), "--complete");
        assertEquals(0, complete.exit(), complete.out() + complete.err());
        try (Connection t = p.target().connect()) {
            assertEquals(null, new Replica(t).replicationStatus(), "the way back is removed");
        }
        CliRun refused = CliRun.of("cutover", "--config", p.config().toString());
        assertEquals(2, refused.exit(), refused.out() + refused.err());
        sandbox.discard(p.source());
        sandbox.discard(p.target());
    }

    @Test
    void aRowChangedOnTheReplicaAfterTheLiveVerificationRollsTheCutoverBackNamingTheRow() throws Exception {
        Pair p = pair("rows");
        try (Connection c = p.source().connect(); Statement st = c.createStatement()) {
            // Three chunks of the live verification's 100,000 rows, which the clients below never write.
            st.execute("CREATE TABLE app.ledger (id INT PRIMARY KEY, v INT NOT NULL)");
            st.execute("INSERT INTO app.ledger SELECT seq, seq FROM app.seq_1_to_250000");
        }
        try (Connection s = p.source().connect(); Connection t = p.target().connect()) {
            new Replica(t).awaitPosition(Replica.currentPosition(s), 60);
        }
        Clients clients = new Clients(p.work().resolve("primary.txt"), 2);
        clients.start();
        waitUntil(() -> clients.acknowledged() > 20, "the clients write on the source");
        // Each change is made on the replica after the live verification and its refresh rounds, with the source
        // fenced: behind replication's back in the chunk the clients write, then with the replica's binlog on in a
        // chunk nobody writes.
        List<String> changes = List.of(
            "SET SESSION sql_log_bin = 0; UPDATE app.writes SET token = 'changed on the replica' WHERE id = 1000",
            "UPDATE app.ledger SET v = -1 WHERE id = 150000");
        List<String> named = List.of("app.writes chunk 0: CHANGED row id='1000' (columns token)",
            "app.ledger chunk 1: CHANGED row id='150000' (columns v)");
        for (int i = 0; i < changes.size(); i++) {
            Path resume = p.work().resolve("resume-" + i);
            Process run = child(p, "fence-proven", true, true, resume);
            Path log = p.work().resolve("child.log");
            awaitPause(run, log, "fence-proven");
            try (Connection t = p.target().connect(); Statement st = t.createStatement()) {
                for (String statement : changes.get(i).split("; ")) {
                    st.execute(statement);
                }
            }
            Files.writeString(resume, "");
            assertTrue(run.waitFor(120, TimeUnit.SECONDS), "the cutover ends");
            String out = Files.readString(log);
            assertEquals(4, run.exitValue(), out);
            assertTrue(out.contains("the cutover was rolled back") && out.contains(named.get(i)), out);
            assertOpen(p.source());
            assertReplicates(p.target(), p.source());
            try (Connection t = p.target().connect(); Statement st = t.createStatement()) {
                st.execute("SET SESSION sql_log_bin = 0");
                st.execute(i == 0 ? "UPDATE app.writes SET token = 'seed-1000' WHERE id = 1000"
                    : "UPDATE app.ledger SET v = 150000 WHERE id = 150000");
            }
        }
        long atRollback = clients.acknowledged();
        waitUntil(() -> clients.acknowledged() > atRollback + 20, "the clients write on the source again");
        clients.stop();
        try (Connection s = p.source().connect(); Connection t = p.target().connect()) {
            new Replica(t).awaitPosition(Replica.currentPosition(s), 60);
            Map<String, Integer> onSource = tokens(s);
            for (String token : clients.tokens()) {
                assertEquals(1, onSource.getOrDefault(token, 0), "acknowledged write " + token + " is on the source exactly once");
            }
            assertEquals(TableChecksums.of(s, List.of("app")), TableChecksums.of(t, List.of("app")));
        }
        sandbox.discard(p.source());
        sandbox.discard(p.target());
    }

    @Test
    void killedAfterEachPhaseTheRerunRollsBackOrCompletesAndNeverLeavesBothWritableOrNeither() throws Exception {
        Pair p = pair("kill");
        List<String> phases = List.of("fencing", "fenced", "fence-proven", "caught-up", "verifying", "stopping-replication",
            "replication-stopped", "arming-reverse", "reverse-armed", "opening", "opened", "switched");
        for (String phase : phases) {
            boolean forward = primaryIs(p.source(), p);
            LocalServer from = forward ? p.source() : p.target();
            LocalServer to = forward ? p.target() : p.source();
            Process run = child(p, phase, forward);
            Path log = p.work().resolve("child.log");
            awaitPause(run, log, phase);
            assertTrue(run.isAlive(), "the run paused after " + phase + ": " + Files.readString(log));
            run.destroyForcibly();
            assertTrue(run.waitFor(10, TimeUnit.SECONDS));
            assertFalse(run.toHandle().isAlive(), "the killed JVM is gone");

            CliRun rerun = forward ? CliRun.of("cutover", "--config", p.config().toString())
                : CliRun.of("cutover", "--config", p.config().toString(), "--reverse");
            boolean committed = List.of("opening", "opened", "switched").contains(phase);
            if (committed) {
                assertEquals(0, rerun.exit(), phase + ": " + rerun.out() + rerun.err());
                assertTrue(rerun.out().contains("completing it"), rerun.out());
                assertOpen(to);
                assertFenced(from);
                assertReplicates(from, to);
            } else {
                assertEquals(1, rerun.exit(), phase + ": " + rerun.out() + rerun.err());
                assertTrue(rerun.err().contains("rolled back"), rerun.err());
                assertOpen(from);
                assertReplicates(to, from);
                try (Connection t = to.connect(); Statement st = t.createStatement(); ResultSet rs = st.executeQuery("SELECT @@read_only")) {
                    rs.next();
                    assertTrue(rs.getBoolean(1), phase + ": the replica stays read-only");
                }
            }
        }
        sandbox.discard(p.source());
        sandbox.discard(p.target());
    }

    @Test
    void whenOfframpDiesWithTheSourceFencedItsGuardRollsBackWithoutARerun() throws Exception {
        Pair p = pair("guard");
        Process run = child(p, "fence-proven", true, true);
        Path log = p.work().resolve("child.log");
        awaitPause(run, log, "fence-proven");
        assertTrue(run.isAlive(), "the run paused with the source fenced: " + Files.readString(log));
        assertTrue(Files.readString(log).contains("guard: process"), Files.readString(log));
        run.destroyForcibly();
        assertTrue(run.waitFor(10, TimeUnit.SECONDS));
        assertFalse(run.toHandle().isAlive(), "the killed JVM is gone");
        // Nobody reruns anything: the guard alone must give the application its primary back.
        waitUntil(() -> {
            try {
                assertOpen(p.source());
                return true;
            } catch (Exception stillFenced) {
                return false;
            }
        }, "the guard rolls the fence back");
        assertReplicates(p.target(), p.source());
        Path guardLog = p.work().resolve("state").resolve("cutover-guard.log");
        waitUntil(() -> Files.exists(guardLog) && Files.readString(guardLog).contains("rolled back"), "the guard says what it did");
        assertTrue(Files.readString(guardLog).contains("finishing it as a rerun would"), Files.readString(guardLog));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(guardLog)),
            "a work file like the others");
        sandbox.discard(p.source());
        sandbox.discard(p.target());
    }

    @Test
    void aBudgetTooSmallForTheLagRollsBackAndTheSourceTakesWritesAgain() throws Exception {
        Pair p = pair("budget");
        try (Connection t = p.target().connect(); Statement hold = t.createStatement()) {
            // The replica's applier waits for this lock: it falls behind by one transaction that it cannot apply.
            t.setAutoCommit(false);
            hold.executeQuery("SELECT * FROM app.writes WHERE id = 1 FOR UPDATE").close();
            try (Connection s = p.source().connect(); Statement st = s.createStatement()) {
                st.execute("UPDATE app.writes SET token = 'behind' WHERE id = 1");
            }
            CliRun run = CliRun.of("cutover", "--config", p.config().toString(), "--budget", "4");
            assertEquals(1, run.exit(), run.out() + run.err());
            assertTrue(run.err().contains("time budget of 4 s ran out while waiting for the replica"), run.err());
            t.rollback();
        }
        assertOpen(p.source());
        assertReplicates(p.target(), p.source());
        try (Connection s = p.source().connect(); Connection t = p.target().connect()) {
            new Replica(t).awaitPosition(Replica.currentPosition(s), 60);
            assertEquals(TableChecksums.of(s, List.of("app")), TableChecksums.of(t, List.of("app")));
        }
        sandbox.discard(p.source());
        sandbox.discard(p.target());
    }

    @Test
    void aBudgetBelowTheEstimateIsRefusedBeforeAnythingIsFencedNamingTheEstimate() throws Exception {
        Pair p = pair("estimate");
        CliRun plan = CliRun.of("cutover", "--config", p.config().toString(), "--plan");
        assertEquals(0, plan.exit(), plan.out() + plan.err());
        assertTrue(plan.out().matches("(?s).*PASS\\s+write stop.*estimated fence .* \\+ proof 1 s \\+ wait for F .*"), plan.out());
        // With verify: full the fence compares what was written since the live verification, not the whole data.
        assertTrue(plan.out().matches("(?s).*write stop.*the chunks written since the live verification before the fence: "
            + "at most \\d+ of \\d+, .* compared at .*"), plan.out());
        // The proof alone takes the whole second: the budget cannot hold the write stop.
        CliRun run = CliRun.of("cutover", "--config", p.config().toString(), "--budget", "1");
        assertEquals(2, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("preflight failed, nothing was changed"), run.err());
        assertTrue(run.err().matches("(?s).*write stop.*estimated fence .* \\+ proof 1 s .* more than the budget of 1 s.*"), run.err());
        assertTrue(run.err().contains("raise --budget"), run.err());
        assertFalse(run.out().contains("== fence"), run.out());
        assertOpen(p.source());
        assertReplicates(p.target(), p.source());

        CliRun forward = CliRun.of("cutover", "--config", p.config().toString());
        assertEquals(0, forward.exit(), forward.out() + forward.err());
        assertTrue(forward.out().matches("(?s).*writes stopped  [0-9.]+ s \\(estimated [0-9.]+ s\\).*"), forward.out());
        assertTrue(forward.out().matches("(?s).*proof +estimated 1 s, took 1\\.[0-9] s.*"), forward.out());
        String json = Files.readString(p.work().resolve("state").resolve("cutover-report.json"));
        assertTrue(json.contains("\"estimatedSeconds\"") && json.contains("\"wait for F\""), json);
        assertTrue(Files.readString(p.work().resolve("state").resolve("cutover-report.html")).contains("write stop: proof"));
        sandbox.discard(p.source());
        sandbox.discard(p.target());
    }

    @Test
    void theSourceNamedAsItsOwnTargetOrATargetOfAnotherSourceIsRefusedWithoutComparingPositions() throws Exception {
        Pair p = pair("identity");
        Path self = p.work().resolve("self.yaml");
        Files.writeString(self, Files.readString(p.config()).replace("target: { uri: " + p.target().uri("root") + " }",
            "target: { uri: " + p.source().uri("root") + " }"));
        CliRun same = CliRun.of("cutover", "--config", self.toString(), "--plan");
        assertEquals(2, same.exit(), same.out() + same.err());
        assertTrue(same.out().contains("FAIL") && same.out().contains("have the same server_id 1"), same.out());
        assertFalse(same.out().contains("replica threads"), "one line says what is wrong: " + same.out());

        LocalServer other = sandbox.startServer("identity-other", ServerOptions.defaults().withServerId(3));
        Path elsewhere = p.work().resolve("elsewhere.yaml");
        Files.writeString(elsewhere, Files.readString(p.config()).replace("source: { uri: " + p.source().uri("root") + " }",
            "source: { uri: " + other.uri("root") + " }"));
        CliRun unrelated = CliRun.of("cutover", "--config", elsewhere.toString(), "--plan");
        assertEquals(2, unrelated.exit(), unrelated.out() + unrelated.err());
        assertTrue(unrelated.out().contains("replica of this source"), unrelated.out());
        assertFalse(unrelated.out().matches("(?s).*(PASS|FAIL)\\s+lag.*"), "no lag from another server's positions: " + unrelated.out());
        sandbox.discard(other);
        sandbox.discard(p.source());
        sandbox.discard(p.target());
    }

    @Test
    void auroraHeartbeatWritesDoNotFailTheFenceProofAndAnApplicationWriteFailsItNamingTheTable() throws Exception {
        Pair p = pair("heartbeat");
        try (Connection c = p.source().connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE mysql.rds_heartbeat2 (id INT PRIMARY KEY, value BIGINT) ENGINE=InnoDB");
        }
        // A writer the fence does not stop (an account with SUPER, not an application account) writes to an application table.
        try (Connection c = p.source().connect(); Statement st = c.createStatement()) {
            st.execute("CREATE USER 'batch'@'%' IDENTIFIED BY 'batch-secret'");
            st.execute("GRANT ALL PRIVILEGES ON *.* TO 'batch'@'%'");
        }
        Writer app = new Writer(() -> Connections.open(new Endpoint("batch", new ServerUri("batch", "127.0.0.1",
            p.source().port()), new Secret("batch-secret"))), "INSERT INTO app.writes (client, token) VALUES (77, UUID())");
        CliRun broken = CliRun.of("cutover", "--config", p.config().toString(), "--budget", "30");
        app.stop();
        assertEquals(1, broken.exit(), broken.out() + broken.err());
        assertTrue(broken.err().contains("the fence does not hold: `app`.`writes` written"), broken.err());
        assertTrue(broken.err().matches("(?s).*sessions that could write: \\[\\d+ batch@.*"), "the account is named: " + broken.err());
        assertTrue(broken.err().contains("rolled back"), broken.err());
        assertOpen(p.source());

        // Aurora's heartbeat, as its administrator writes it while the application is fenced.
        Writer heartbeat = new Writer(p.source()::connect, "INSERT INTO mysql.rds_heartbeat2 VALUES (1, UNIX_TIMESTAMP(NOW(6)) * 1000000) "
            + "ON DUPLICATE KEY UPDATE value = VALUES(value)");
        CliRun forward = CliRun.of("cutover", "--config", p.config().toString(), "--budget", "60");
        assertTrue(heartbeat.writes() > 0, "the heartbeat wrote");
        assertEquals(0, forward.exit(), forward.out() + forward.err());
        assertTrue(forward.out().contains("the server's own writes since the fence, harmless: [mysql.rds_heartbeat2]"),
            forward.out());
        assertFenced(p.source());

        // The short proof: no session left but offramp's, at once, while the heartbeat goes on.
        CliRun back = CliRun.of("cutover", "--config", p.config().toString(), "--reverse");
        assertEquals(0, back.exit(), back.out() + back.err());
        Path sessions = p.work().resolve("sessions.yaml");
        Files.writeString(sessions, Files.readString(p.config()).replace("fence-proof-seconds: 1", "fence-proof-seconds: 5\n  fence-proof: sessions"));
        CliRun quick = CliRun.of("cutover", "--config", sessions.toString());
        heartbeat.stop();
        assertEquals(0, quick.exit(), quick.out() + quick.err());
        assertTrue(quick.out().contains("no session left but offramp's and the server's"), quick.out());
        Matcher stopped = Pattern.compile("writes stopped  ([0-9.]+) s").matcher(quick.out());
        assertTrue(stopped.find() && Double.parseDouble(stopped.group(1)) < 5, "shorter than the 5 s proof: " + quick.out());
        sandbox.discard(p.source());
        sandbox.discard(p.target());
    }

    @Test
    void theShortProofWaitsForEverySessionButOfframpsAndNamesThoseLeft() throws Exception {
        Pair p = pair("sessions");
        Path sessions = p.work().resolve("sessions.yaml");
        Files.writeString(sessions, Files.readString(p.config()).replace("fence-proof-seconds: 1", "fence-proof: sessions"));
        try (Connection other = Connections.open(new Endpoint("repl", p.source().uri("repl"), new Secret(REPL_PASSWORD)))) {
            CliRun run = CliRun.of("cutover", "--config", sessions.toString(), "--budget", "3");
            assertEquals(1, run.exit(), run.out() + run.err());
            assertTrue(run.err().matches("(?s).*still connected: \\[\\d+ repl@.*"), run.err());
        }
        assertOpen(p.source());
        sandbox.discard(p.source());
        sandbox.discard(p.target());
    }

    /** A session outside the fence (root) running one statement over and over, every 50 ms, until stopped. */
    private static final class Writer {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
        private final Thread thread;

        /** How the writer logs in. */
        interface Login {
            Connection open() throws Exception;
        }

        Writer(Login login, String sql) {
            thread = new Thread(() -> {
                try (Connection c = login.open(); Statement st = c.createStatement()) {
                    while (running.get()) {
                        st.execute(sql);
                        writes.incrementAndGet();
                        Thread.sleep(50);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "writer");
            thread.setDaemon(true);
            thread.start();
        }

        long writes() {
            return writes.get();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }

    @Test
    void aKillDuringTheSwitchCommandNeverLeavesTwoOfThemRunning() throws Exception {
        Pair p = pair("switch");
        Path runs = p.work().resolve("runs.log");
        Files.writeString(p.config(), Files.readString(p.config()).replaceAll("switch-command: .*",
            "switch-command: echo start >> " + runs + "; sleep 3; echo end >> " + runs));
        Process run = child(p, "none", true);
        waitUntil(() -> Files.exists(runs) && Files.readString(runs).contains("start"), "the switch command runs");
        run.destroyForcibly();
        assertTrue(run.waitFor(10, TimeUnit.SECONDS));
        CliRun rerun = CliRun.of("cutover", "--config", p.config().toString());
        assertEquals(0, rerun.exit(), rerun.out() + rerun.err());
        assertTrue(rerun.out().contains("still runs: waiting up to 60 s for it"), rerun.out());
        assertEquals(List.of("start", "end", "start", "end"), Files.readAllLines(runs), "one after the other, never two at once");
        assertOpen(p.target());
        sandbox.discard(p.source());
        sandbox.discard(p.target());
    }

    @Test
    void anRdsSourceIsFencedByItsAccountsAndGetsTheWayBackThroughItsProcedures() throws Exception {
        Pair p = pair("rds", true);
        CliRun forward = CliRun.of("cutover", "--config", p.config().toString());
        assertEquals(0, forward.exit(), forward.out() + forward.err());
        assertTrue(forward.out().contains("read_only may not be set by this account"), forward.out());
        assertTrue(forward.out().contains("with mysql.rds_kill"), forward.out());
        assertTrue(RdsStandIn.called(p.source()).containsAll(List.of("rds_set_external_master", "rds_start_replication")),
            RdsStandIn.called(p.source()).toString());
        assertOpen(p.target());
        assertLocked(p.source());
        assertReplicates(p.source(), p.target());

        CliRun back = CliRun.of("cutover", "--config", p.config().toString(), "--reverse");
        assertEquals(0, back.exit(), back.out() + back.err());
        assertTrue(RdsStandIn.called(p.source()).containsAll(List.of("rds_stop_replication", "rds_reset_external_master")),
            RdsStandIn.called(p.source()).toString());
        assertOpen(p.source());
        assertFenced(p.target());
        assertReplicates(p.target(), p.source());
        sandbox.discard(p.source());
        sandbox.discard(p.target());
    }

    /** The application cannot log in there. */
    private static void assertLocked(LocalServer server) {
        try (Connection c = Connections.open(app(server))) {
            throw new AssertionError("the application logged in to the fenced " + server.port());
        } catch (SQLException refused) {
            assertTrue(LOCKED_ACCOUNT.contains(refused.getErrorCode()), "the login to " + server.port()
                + " failed with error " + refused.getErrorCode() + ", not the locked account's: " + refused.getMessage());
        }
    }

    // ---- the servers' states ----

    private static boolean primaryIs(LocalServer server, Pair p) throws Exception {
        try (Connection c = server.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@read_only")) {
            rs.next();
            return !rs.getBoolean(1);
        }
    }

    /** The application can write there. */
    private static void assertOpen(LocalServer server) throws Exception {
        try (Connection c = Connections.open(app(server)); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO app.writes (client, token) VALUES (99, 'probe')");
        }
    }

    /**
     * The errors only the fence causes: read_only refusing the write (1290; 1836 read-only mode) or the locked
     * account refusing the login (MariaDB 4151, MySQL 3118). Any other error (a wrong password, a missing table,
     * a server that is down) is no proof of a fence.
     */
    private static final Set<Integer> FENCE_ERRORS = Set.of(1290, 1836, 3118, 4151);
    /** A login refused because the account is locked: MariaDB's 4151, MySQL's 3118. */
    private static final Set<Integer> LOCKED_ACCOUNT = Set.of(3118, 4151);

    /** The application can neither log in nor write there, refused by the fence itself. */
    private static void assertFenced(LocalServer server) throws Exception {
        try (Connection c = Connections.open(app(server)); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO app.writes (client, token) VALUES (99, 'must not land')");
            throw new AssertionError("the application wrote on the fenced " + server.port());
        } catch (SQLException refused) {
            assertTrue(FENCE_ERRORS.contains(refused.getErrorCode()), "the fenced " + server.port()
                + " refused the application with error " + refused.getErrorCode() + ", not the fence's: " + refused.getMessage());
        }
        try (Connection c = server.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@read_only")) {
            rs.next();
            assertTrue(rs.getBoolean(1), "the fenced server is read_only");
        }
    }

    private static void assertReplicates(LocalServer replica, LocalServer source) throws Exception {
        try (Connection c = replica.connect()) {
            Replica r = new Replica(c);
            waitUntil(() -> {
                ReplicationStatus s = r.replicationStatus();
                return s != null && "Yes".equals(s.ioRunning()) && "Yes".equals(s.sqlRunning());
            }, replica.port() + " replicates");
            ReplicationStatus s = r.replicationStatus();
            assertNotNull(s);
            assertEquals(source.port(), s.sourcePort(), "it replicates from " + source.port());
        }
    }

    private static Endpoint app(LocalServer server) {
        return new Endpoint("app", new ServerUri("app", "127.0.0.1", server.port()), new Secret(APP_PASSWORD));
    }

    private static Map<String, Integer> tokens(Connection c) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT token FROM app.writes WHERE client BETWEEN 1 AND 50")) {
            while (rs.next()) {
                counts.merge(rs.getString(1), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** The cutover in a JVM of its own, paused after a phase; without its guard, so that the rerun does the recovery. */
    private static Process child(Pair p, String pauseAfter, boolean forward) throws Exception {
        return child(p, pauseAfter, forward, false);
    }

    private static Process child(Pair p, String pauseAfter, boolean forward, boolean guarded) throws Exception {
        return child(p, pauseAfter, forward, guarded, null);
    }

    /** With {@code resume}: the paused run goes on once that file exists. */
    private static Process child(Pair p, String pauseAfter, boolean forward, boolean guarded, Path resume) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-Dofframp.cutover.guard=" + guarded,
            "-D" + PausedCutover.RESUME_FILE + "=" + (resume == null ? "" : resume), "-cp", System.getProperty("java.class.path"),
            PausedCutover.class.getName(), pauseAfter, "cutover", "--config", p.config().toString()));
        if (!forward) {
            command.add("--reverse");
        }
        Path log = p.work().resolve("child.log");
        Files.writeString(log, "");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Until the child run says it paused after {@code phase}, or has ended. */
    private static void awaitPause(Process run, Path log, String phase) throws Exception {
        Poll.until("the run to pause after '" + phase + "'", Duration.ofSeconds(120),
            () -> !run.isAlive() || Files.readString(log).contains("paused after '" + phase + "'"));
    }

    private static void waitUntil(Poll.Probe<Boolean> condition, String what) throws Exception {
        Poll.until(what, Duration.ofSeconds(60), condition);
    }

    /**
     * Application clients: each inserts rows with tokens of its own into whichever server primary.txt names (as
     * DNS would), and on any error reconnects and retries with a new token. A token is acknowledged when its
     * INSERT returned: it must then be on the primary exactly once.
     */
    private static final class Clients {
        private final Path primaryFile;
        private final int count;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        private final List<Thread> threads = new ArrayList<>();

        Clients(Path primaryFile, int count) {
            this.primaryFile = primaryFile;
            this.count = count;
        }

        void start() {
            for (int i = 1; i <= count; i++) {
                int client = i;
                Thread t = new Thread(() -> write(client), "client-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        private void write(int client) {
            long n = 0;
            Connection c = null;
            while (running.get()) {
                String token = client + "-" + (++n);
                try {
                    if (c == null) {
                        String[] hostPort = Files.readString(primaryFile).trim().split(":");
                        c = Connections.open(new Endpoint("app", new ServerUri("app", hostPort[0], Integer.parseInt(hostPort[1])),
                            new Secret(APP_PASSWORD)));
                    }
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO app.writes (client, token) VALUES (?, ?)")) {
                        ps.setInt(1, client);
                        ps.setString(2, token);
                        ps.executeUpdate();
                    }
                    acknowledged.add(token);
                    Thread.sleep(5);
                } catch (Exception e) {
                    try {
                        if (c != null) {
                            c.close();
                        }
                    } catch (SQLException ignored) {
                        // the connection is gone either way
                    }
                    c = null;
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }
        }

        long acknowledged() {
            return acknowledged.size();
        }

        Set<String> tokens() {
            return acknowledged;
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }
}
