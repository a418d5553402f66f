package offramp.pipeline;

import offramp.binlog.BinlogCoordinates;
import offramp.cli.CliRun;
import offramp.cli.Main;
import offramp.copy.TargetDisk;
import offramp.demo.WriteLoad;
import offramp.demo.WriteLoadWait;
import offramp.replication.Replica;
import offramp.sandbox.LocalProvisionConfig;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import offramp.server.Gtids;
import offramp.snapshot.ProcessFreeze;
import offramp.testing.Poll;
import offramp.text.Units;
import offramp.verify.TableChecksums;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** offramp provision through the local provider against a source under write load, killed and resumed. */
class ProvisionIT {

    private static final List<String> SCHEMAS = List.of(WriteLoad.SCHEMA, "bulk");
    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-provision-it");
    private static LocalServer source;

    @BeforeAll
    static void source() throws Exception {
        source = sandbox.startServer("source", ServerOptions.defaults());
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            WriteLoad.createSchema(c, 150);
            s.execute("CREATE DATABASE bulk");
            s.execute("USE bulk");
            s.execute("CREATE TABLE bulk.rows (id INT PRIMARY KEY, v VARCHAR(200), KEY by_v (v(20)))");
            s.execute("INSERT INTO bulk.rows SELECT seq, REPEAT(MD5(seq), 5) FROM seq_1_to_300000");
        }
    }

    @Test
    void killedDuringTheCopyAndDuringCatchUpTheRerunsEndIdentical() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(7));
        try (Connection t = target.connect(); Statement s = t.createStatement()) {
            s.execute("SET GLOBAL innodb_flush_log_at_trx_commit = 1, sync_binlog = 1"); // a durable replica
        }
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        Path config = config(work, target, "root", source, "copy: { threads: 2, chunk-mb: 1, fast-load: true }");
        try (WriteLoad load = new WriteLoad(source.rootEndpoint("source"), 3, 11, 5)) {
            load.start();
            WriteLoadWait.committed(load, 100);
            killWhen(config, work, w -> lines(w.resolve("copy/copy-journal.jsonl")).stream().anyMatch(l -> l.contains("\"chunk\"")));
            assertFalse(Files.exists(work.resolve("report.json")), "the first run was killed before the end");
            killWhen(config, work, w -> read(w.resolve("journal.json")).contains("replication-configured"));
            Process last = provision(config, work);
            assertTrue(last.waitFor(300, TimeUnit.SECONDS), "the last run finishes");
            assertEquals(0, last.exitValue(), read(work.resolve("out.log")));
            assertTrue(Files.exists(work.resolve("report.json")));
            String html = read(work.resolve("report.html"));
            assertTrue(html.contains("id=\"timeline\"") && html.contains("id=\"tables\"") && html.contains("id=\"preflight\"")
                && html.contains("PASS"), "report.html beside report.json");
            // The catch-up applied in parallel; the report keeps what the target had before offramp set it.
            String report = read(work.resolve("report.json")).replaceAll("\\s", "");
            assertTrue(report.contains("\"settings-before\":{\"slave_parallel_threads\":\"0\"")
                && report.contains("\"settings\":{\"slave_parallel_threads\":\"16\""), report);
            assertFalse(Files.exists(work.resolve("clone-data")), "cleanup removed the clone");
            // The first run was killed while the fast load had the target's durability relaxed; the rerun put it back.
            assertTrue(report.contains("\"fast-load\":\"innodb_flush_log_at_trx_commit1->2,sync_binlog1->0"), report);
            assertTrue(read(work.resolve("out.log")).contains("restored the target's innodb_flush_log_at_trx_commit 1, sync_binlog 1"),
                read(work.resolve("out.log")));
            assertTrue(read(work.resolve("out.log")).contains("PASS fast load: innodb_flush_log_at_trx_commit 1 -> 2, "
                + "sync_binlog 1 -> 0 while the copy runs, put back before replication starts"), "preflight says what it changes");
            try (Connection t = target.connect(); Statement s = t.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT @@GLOBAL.innodb_flush_log_at_trx_commit, @@GLOBAL.sync_binlog")) {
                rs.next();
                assertEquals("1 1", rs.getString(1) + " " + rs.getString(2), "the replica applies with its own durability");
            }
            load.stop();
        }
        try (Connection s = source.connect(); Connection t = target.connect()) {
            BinlogCoordinates end = Replica.currentPosition(s);
            new Replica(t).awaitPosition(end, 120);
            assertEquals(TableChecksums.of(s, SCHEMAS), TableChecksums.of(t, SCHEMAS));
        }
        String out = read(work.resolve("out.log"));
        assertTrue(out.contains("resuming the run"), out);
    }

    @Test
    void killedWhileTheSourceIsFrozenTheSourceIsThawedAndTheRerunEndsIdentical() throws Exception {
        // log-slave-updates: what the target replicates goes into its binlog, beside anything of its own
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(12).with("--log-slave-updates"));
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        Path config = config(work, target, "root");
        long sourcePid = Long.parseLong(Files.readString(source.datadir().resolve("server.pid")).trim());
        Process run = provision(config, work);
        Poll.closely("offramp to freeze the source", Duration.ofSeconds(120),
            () -> !run.isAlive() || ProcessFreeze.isStopped(sourcePid));
        assertTrue(ProcessFreeze.isStopped(sourcePid), "offramp froze the source: " + read(work.resolve("out.log")));
        assertTrue(run.isAlive(), "offramp was running while the source was frozen");
        run.destroyForcibly();
        assertTrue(run.waitFor(10, TimeUnit.SECONDS));
        assertFalse(run.toHandle().isAlive(), "the offramp JVM itself is gone");
        Poll.until("the source to answer queries again within 5 s of offramp's death", Duration.ofSeconds(5),
            () -> !ProcessFreeze.isStopped(sourcePid) && answers(source));
        assertTrue(read(work.resolve("journal.json")).contains("frozen-pid"), "the freeze was journalled before it began");

        Process rerun = provision(config, work);
        assertTrue(rerun.waitFor(300, TimeUnit.SECONDS), "the rerun finishes");
        assertEquals(0, rerun.exitValue(), read(work.resolve("out.log")));
        try (Connection s = source.connect(); Connection t = target.connect(); Statement write = s.createStatement()) {
            write.execute("INSERT INTO bulk.rows VALUES (300001 + " + sourcePid % 1000 + " * 1000, 'written after the snapshot')");
            new Replica(t).awaitPosition(Replica.currentPosition(s), 120);
            assertEquals(TableChecksums.of(s, SCHEMAS), TableChecksums.of(t, SCHEMAS));
            assertEquals(gtidBinlogPos(s), gtidBinlogPos(t), "the target's binlog holds only what the source wrote: "
                + "the copy went in without binlog, so there are no GTIDs of the target's own");
        }
        sandbox.discard(target);
    }

    private static String gtidBinlogPos(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@gtid_binlog_pos")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean answers(LocalServer server) {
        try (Connection c = server.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            return rs.next();
        } catch (Exception notYet) {
            return false;
        }
    }

    /**
     * The figures of report.json and report.html against the servers themselves: rows against COUNT(*), sizes
     * against information_schema, the transactions the catch-up applied against the GTID states, and the source's
     * freeze time. The source has a long GTID history before the snapshot: a count that starts from an empty
     * gtid_slave_pos reads the whole history as applied.
     */
    @Test
    void theReportsFiguresAreTheServers() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(13));
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        Path config = config(work, target, "root");
        CliRun run;
        try (WriteLoad load = new WriteLoad(source.rootEndpoint("source"), 3, 13, 5)) {
            load.start();
            WriteLoadWait.committed(load, 2000);
            run = CliRun.of("provision", "--config", config.toString());
            load.stop();
        }
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("cleanup: stopped the clone server (pid ")
            && run.out().contains("cleanup: removed " + work.resolve("clone-data") + " ("), run.out());
        assertFalse(Files.exists(work.resolve("clone-data")), "what the cleanup says it removed is gone");
        JsonNode report = new ObjectMapper().readTree(work.resolve("report.json").toFile());
        String html = read(work.resolve("report.html"));

        long frozenMs = report.path("sourcePause").path("frozen-ms").asLong(-1);
        assertTrue(frozenMs > 0 && frozenMs < 30_000, "the freeze is measured: " + report.path("sourcePause"));
        String frozen = "source frozen " + Units.precise(frozenMs / 1000.0) + ": stopped (SIGSTOP) while its data directory was copied";
        assertTrue(run.out().contains(frozen), "the console says it: " + run.out());
        assertTrue(html.contains(frozen) && html.contains("source frozen</div><div class=\"value\">"
            + Units.precise(frozenMs / 1000.0) + "</div>"), "report.html shows it");

        try (Connection s = source.connect(); Connection t = target.connect(); Statement st = t.createStatement()) {
            // bulk.rows takes no writes: its rows and size on the target are those the report gives.
            assertEquals(scalarLong(t, "SELECT COUNT(*) FROM bulk.rows"), report.path("rows").path("bulk.rows").asLong(-1));
            assertTrue(html.contains(String.format(Locale.ROOT, "%,d", report.path("rows").path("bulk.rows").asLong())));
            st.executeQuery("ANALYZE NO_WRITE_TO_BINLOG TABLE bulk.rows").close();
            long size = scalarLong(t, "SELECT DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES "
                + "WHERE TABLE_SCHEMA = 'bulk' AND TABLE_NAME = 'rows'");
            long reported = report.path("bytes").path("bulk.rows").asLong(-1);
            assertTrue(size > 4L << 20, "a table of some MiB: " + size);
            assertTrue(Math.abs(reported - size) <= size / 10, "report " + reported + " bytes, information_schema " + size);
            assertTrue(html.contains("<td class=\"num\">" + Units.bytes(reported) + "</td>"), "report.html shows the size");

            // The catch-up counted what the replica applied: no more than the GTID states say it applied since
            // replication started at the coordinates.
            String coordinates = report.path("coordinates").asText();
            BinlogCoordinates at = BinlogCoordinates.parse(coordinates);
            Gtids atStart = Gtids.mariadb(scalarString(s, "SELECT BINLOG_GTID_POS('" + at.file() + "', " + at.position() + ")"));
            long sinceStart = Gtids.mariadb(scalarString(t, "SELECT @@GLOBAL.gtid_slave_pos")).transactionsSince(atStart);
            JsonNode rate = report.path("catchUp").path("rate");
            assertTrue(rate.path("transactions").isNumber(), "the catch-up under load measured a rate: " + rate);
            long applied = rate.path("transactions").asLong();
            assertTrue(applied > 0 && applied <= sinceStart, applied + " transactions in the catch-up, " + sinceStart
                + " applied since " + coordinates + " (history before it: " + atStart.transactionCount() + ")");
            assertTrue(html.contains(String.format(Locale.ROOT, "%,d transactions", applied)), "report.html says it");
            assertFalse(html.contains(">null<"), "no raw null on the page");
        }
        sandbox.discard(target);
    }

    private static long scalarLong(Connection c, String sql) throws Exception {
        return Long.parseLong(scalarString(c, sql));
    }

    private static String scalarString(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aSnapshotCommandAndPlanWork() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(11));
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        Path copy = work.resolve("lvm-like-copy");
        Path script = work.resolve("snapshot.sh");
        // What an LVM or ZFS script does, in miniature: a crash-consistent copy, its directory on the last line.
        Files.writeString(script, String.join("\n", "#!/bin/sh", "set -e",
            "pid=$(cat " + source.datadir().resolve("server.pid") + ")",
            "kill -STOP $pid", "cp -a " + source.datadir() + " " + copy, "kill -CONT $pid",
            "rm -f " + copy.resolve("server.pid") + " " + copy.resolve("server.sock"),
            "echo 'snapshot taken'", "echo " + copy, ""));
        Path config = work.resolve("offramp.yaml");
        Files.writeString(config, String.join("\n",
            "work-dir: " + work,
            "source: { uri: " + source.uri("root") + " }",
            "snapshot: { provider: local, local: { command: sh " + script + ", server-id: 500 } }",
            "target: { uri: " + target.uri("root") + " }",
            "replication: { user: root, source-host: 127.0.0.1, writable: true }",
            ""));
        CliRun plan = CliRun.of("plan", "--config", config.toString());
        assertEquals(0, plan.exit(), plan.out() + plan.err());
        assertTrue(plan.out().contains("ready: offramp provision"), plan.out());
        assertTrue(plan.out().contains("estimate (") && plan.out().contains("  catch-up    ") && plan.out().contains("  total       "),
            "plan estimates the whole run: " + plan.out());
        CliRun run = CliRun.of("provision", "--config", config.toString());
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(Files.exists(copy), "the command's copy is the user's: offramp does not delete it");
        assertTrue(run.out().contains("source not stopped by offramp: the snapshot command 'sh " + script + "' made the copy"),
            "offramp did not time a freeze it did not make: " + run.out());
        // plan after the run: a provisioned replica, not a target to reset.
        CliRun after = CliRun.of("plan", "--config", config.toString());
        assertEquals(0, after.exit(), after.out() + after.err());
        assertTrue(after.out().contains("provisioned: " + target.uri("root") + " replicates from 127.0.0.1")
            && after.out().contains("follow the replica with offramp status --config " + config), after.out());
        assertFalse(after.out().contains("RESET") || after.out().contains("drop them") || after.out().contains("FAIL"), after.out());
        try (Connection s = source.connect(); Connection t = target.connect()) {
            new Replica(t).awaitPosition(Replica.currentPosition(s), 120);
            assertEquals(TableChecksums.of(s, SCHEMAS), TableChecksums.of(t, SCHEMAS));
        }
    }

    @Test
    void aTargetThatIsNotEmptyIsRefusedAndNothingIsCreated() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(8));
        try (Connection t = target.connect(); Statement s = t.createStatement()) {
            s.execute("CREATE DATABASE leftovers");
        }
        assertRefused(target, "root", "the target holds [leftovers]");
    }

    @Test
    void aReplicationUserWithoutTheGrantIsRefused() throws Exception {
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS 'weak'@'%' IDENTIFIED BY 'x'");
        }
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(9));
        assertRefused(target, "weak", "GRANT REPLICATION SLAVE ON *.* TO 'weak'");
    }

    @Test
    void aSourceWithBinlogOffIsRefused() throws Exception {
        LocalServer noBinlog = sandbox.startServer("nobinlog", ServerOptions.defaults().withServerId(30).with("--skip-log-bin"));
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(10));
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        Path config = config(work, target, "root", noBinlog);
        assertEquals(2, Main.run("provision", "--config", config.toString()));
        assertNothingCreated(work, target);
        sandbox.discard(noBinlog);
    }

    /** A schema the source does not have is found by preflight, before the source is frozen or anything copied. */
    @Test
    void aCopySchemaTheSourceLacksIsRefusedBeforeTheSourceIsTouched() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(11));
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        Path config = config(work, target, "root", source, "copy: { threads: 2, schemas: [" + WriteLoad.SCHEMA + ", nosuch] }");
        CliRun plan = CliRun.of("plan", "--config", config.toString());
        assertEquals(2, plan.exit(), plan.out() + plan.err());
        assertTrue(plan.out().contains("FAIL copy schemas: schema nosuch does not exist on the source "
            + source.uri("root")), plan.out());
        assertRefusedBeforeTheSourceIsTouched(config, work, target, "schema nosuch does not exist on the source");

        Path mistyped = config(work, target, "root", source, "copy: { threads: 2, schemas: [" + WriteLoad.SCHEMA + "], "
            + "exclude-tables: [\"" + WriteLoad.SCHEMA + ".order\"] }");
        CliRun excluded = CliRun.of("provision", "--config", mistyped.toString());
        assertEquals(2, excluded.exit(), excluded.err());
        assertTrue(excluded.err().contains("FAIL copy schemas: the --exclude-tables pattern 'shop.order' matches no table"),
            excluded.err());
        assertNothingCreated(work, target);
        sandbox.discard(target);
    }

    /** The local provider's own checks (here: the pid file) run before the source is frozen. */
    @Test
    void aLocalSourceWhosePidFileCannotBeReadIsRefusedBeforeItIsFrozen() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(12));
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        Path config = config(work, target, "root");
        Files.writeString(config, Files.readString(config).replace(source.datadir().resolve("server.pid").toString(),
            work.resolve("no-such.pid").toString()));
        assertRefusedBeforeTheSourceIsTouched(config, work, target,
            "local pid file: " + work.resolve("no-such.pid") + " cannot be read");
        sandbox.discard(target);
    }

    /**
     * A target on this host whose file system lacks the room for the copy is refused by plan and by provision's
     * preflight, naming the need, the free space, the path and the fix, before the source is frozen.
     */
    @Test
    void aTargetDiskTooSmallForTheCopyIsRefusedBeforeTheSourceIsTouched() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(17));
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        Path config = config(work, target, "root");
        System.setProperty(TargetDisk.FREE_BYTES_PROPERTY, Long.toString(1L << 20));
        try {
            CliRun plan = CliRun.of("plan", "--config", config.toString());
            assertEquals(2, plan.exit(), plan.out() + plan.err());
            String refusal = "FAIL target disk: " + target.datadir() + " has 1.0 MiB free (its file system on this host), "
                + "and the copy needs about ";
            assertTrue(plan.out().contains(refusal), plan.out());
            assertTrue(plan.out().matches("(?s).*MiB of data and indexes in \\d+ tables on the source.*"), plan.out());
            assertTrue(plan.out().contains("more for what a load writes beside them"), plan.out());
            assertTrue(plan.out().contains("-> free space on the file system holding " + target.datadir()), plan.out());

            assertRefusedBeforeTheSourceIsTouched(config, work, target, refusal);
        } finally {
            System.clearProperty(TargetDisk.FREE_BYTES_PROPERTY);
        }
        sandbox.discard(target);
    }

    /**
     * A target whose free disk cannot be known from here is a warning that says the need, and the run goes on. When
     * it then fails after the clone exists, the cleanup says what it stopped and removed, and it is gone.
     */
    @Test
    void anUnknownTargetDiskWarnsAndTheRunGoesOnAndALateFailureRemovesWhatItSays() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(14));
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        Path config = config(work, target, "root");
        Path pidFile = target.datadir().resolve("server.pid");
        Files.move(pidFile, work.resolve("target.pid")); // then nothing here shows that the datadir is the target's
        CliRun plan = CliRun.of("plan", "--config", config.toString());
        assertEquals(0, plan.exit(), plan.out() + plan.err());
        assertTrue(plan.out().contains("WARN target disk: the copy needs about "), plan.out());
        assertTrue(plan.out().contains("its free space could not be checked: its pid file " + pidFile + " cannot be read here"),
            plan.out());
        try (Connection t = target.connect(); Statement s = t.createStatement()) {
            s.execute("INSTALL SONAME 'disks'");
        }
        CliRun told = CliRun.of("plan", "--config", config.toString());
        assertTrue(told.out().contains("free (information_schema.DISKS); the copy needs about"), told.out());
        try (Connection t = target.connect(); Statement s = t.createStatement()) {
            s.execute("UNINSTALL SONAME 'disks'");
        }

        CliRun.Running running = CliRun.start("provision", "--config", config.toString());
        Path copy = work.resolve("clone-data");
        Poll.closely("the snapshot to begin", Duration.ofSeconds(120), () -> running.done().isDone() || Files.exists(copy));
        target.stop(); // the copy meets a target gone away: a failure after the clone exists
        CliRun run = running.done().get(300, TimeUnit.SECONDS);
        assertTrue(run.exit() != 0, run.out() + run.err());
        assertTrue(run.out().contains("WARN target disk: the copy needs about "), run.out());
        List<String> cleanup = run.out().lines().filter(l -> l.startsWith("cleanup: ")).toList();
        String stopped = cleanup.stream().filter(l -> l.startsWith("cleanup: stopped the clone server (pid ")).findFirst()
            .orElseThrow(() -> new AssertionError(run.out()));
        long clonePid = Long.parseLong(stopped.replaceAll(".*\\(pid (\\d+).*", "$1"));
        assertFalse(ProcessHandle.of(clonePid).map(ProcessHandle::isAlive).orElse(false), "the clone server is stopped");
        assertTrue(cleanup.stream().anyMatch(l -> l.matches("cleanup: removed " + Pattern.quote(copy.toString())
            + " \\(\\d.*\\)")), cleanup.toString());
        assertTrue(cleanup.stream().noneMatch(l -> l.contains("could not")), cleanup.toString());
        assertFalse(Files.exists(copy), "what the message says was removed is gone");
        try (var left = Files.list(work)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("clone")).toList());
        }
        sandbox.discard(target);
    }

    /**
     * A target user that could not create or load the schemas is refused by preflight, with the GRANT that fixes it,
     * before the source is frozen; the copy step would find it only after the snapshot.
     */
    @Test
    void aTargetUserWithoutTheCopysPrivilegesIsRefusedBeforeTheSourceIsTouched() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(15));
        try (Connection t = target.connect(); Statement s = t.createStatement()) {
            s.execute("CREATE USER 'loader'@'localhost', 'loader'@'127.0.0.1'");
            for (String host : List.of("localhost", "127.0.0.1")) {
                s.execute("GRANT SELECT, INSERT, CREATE, SUPER, REPLICATION CLIENT, CREATE USER ON *.* TO 'loader'@'" + host + "'");
            }
        }
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        Path config = config(work, target, "root");
        targetUser(config, target, "loader");
        CliRun plan = CliRun.of("plan", "--config", config.toString());
        assertEquals(2, plan.exit(), plan.out() + plan.err());
        assertTrue(plan.out().contains("FAIL copy privileges: the target user loader at " + target.uri("loader")
            + " lacks DELETE, DROP, ALTER, INDEX on ["), plan.out());
        assertTrue(plan.out().contains("GRANT DELETE, DROP, ALTER, INDEX ON `" + WriteLoad.SCHEMA + "`.* TO 'loader'@"), plan.out());
        assertRefusedBeforeTheSourceIsTouched(config, work, target, "FAIL copy privileges");
        sandbox.discard(target);
    }

    /** A target user that could not configure replication is refused before the snapshot, not after the copy. */
    @Test
    void aTargetUserThatCannotConfigureReplicationIsRefusedBeforeTheSourceIsTouched() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(18));
        try (Connection t = target.connect(); Statement s = t.createStatement()) {
            for (String host : List.of("localhost", "127.0.0.1")) {
                s.execute("CREATE USER 'operator'@'" + host + "'");
                s.execute("GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX, CREATE VIEW, SHOW VIEW, TRIGGER, "
                    + "EVENT, CREATE ROUTINE, ALTER ROUTINE, REFERENCES, CREATE USER, SLAVE MONITOR, BINLOG MONITOR ON *.* "
                    + "TO 'operator'@'" + host + "'");
            }
        }
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        Path config = config(work, target, "root");
        targetUser(config, target, "operator");
        CliRun plan = CliRun.of("plan", "--config", config.toString());
        assertEquals(2, plan.exit(), plan.out() + plan.err());
        assertTrue(plan.out().contains("FAIL replica control: the target user operator lacks REPLICATION SLAVE ADMIN or SUPER"),
            plan.out());
        assertTrue(plan.out().contains("GRANT REPLICATION SLAVE ADMIN, SLAVE MONITOR ON *.* TO 'operator'@"), plan.out());
        assertFalse(plan.out().contains("could not read what it needs"), plan.out());
        assertRefusedBeforeTheSourceIsTouched(config, work, target, "FAIL replica control");
        sandbox.discard(target);
    }

    /** Binlogs outside the data directory are copied too while the source is frozen: preflight counts them in. */
    @Test
    void binlogsOutsideTheDataDirectoryAreReadAndCountedBeforeTheFreeze() throws Exception {
        Path binlogs = Files.createDirectories(sandbox.root().resolve("binlogs-elsewhere"));
        LocalServer elsewhere = sandbox.startServer("elsewhere", ServerOptions.defaults().withServerId(31)
            .with("--log-bin=" + binlogs.resolve("mysql-bin-changelog")));
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(21));
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        CliRun plan = CliRun.of("plan", "--config", config(work, target, "root", elsewhere).toString());
        assertEquals(0, plan.exit(), plan.out() + plan.err());
        assertTrue(plan.out().contains("PASS local binlog directory: " + binlogs + ", "), plan.out());
        assertTrue(plan.out().contains("free for the copy of " + elsewhere.datadir() + " and its binlogs in " + binlogs), plan.out());
        sandbox.discard(target);
        sandbox.discard(elsewhere);
    }

    /** Without a server program for the clone, the local provider refuses before it freezes the source. */
    @Test
    void noServerProgramForTheCloneIsRefusedBeforeTheSourceIsFrozen() throws Exception {
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(19));
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        Path config = config(work, target, "root");
        Path missing = work.resolve("no-such-mysqld");
        ProcessBuilder run = new ProcessBuilder(javaMain("provision", "--config", config.toString())).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("out.log").toFile()));
        run.environment().put("OFFRAMP_MYSQLD", missing.toString());
        Process p = run.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "provision ended");
        String out = read(work.resolve("out.log"));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("FAIL clone server program: " + missing + " is not a program offramp may run -> install the "
            + "server package"), out);
        assertNothingCreated(work, target);
        assertFalse(read(work.resolve("journal.json")).contains("frozen-pid"), "the source was never frozen");
        sandbox.discard(target);
    }

    /**
     * A replication password the source does not store for the replication user is refused by preflight: the
     * replica's login would otherwise fail only when replication starts, after the copy.
     */
    @Test
    void aWrongReplicationPasswordIsRefusedBeforeTheSourceIsTouched() throws Exception {
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS 'repl'@'%' IDENTIFIED BY 'right'");
            s.execute("GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'");
        }
        LocalServer target = sandbox.startServer("target", ServerOptions.defaults().withServerId(16));
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        Path password = work.resolve("repl.pw");
        Files.writeString(password, "wrong\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        Path config = config(work, target, "repl");
        Files.writeString(config, Files.readString(config).replace("user: repl,", "user: repl, password-file: " + password + ","));
        CliRun plan = CliRun.of("plan", "--config", config.toString());
        assertEquals(2, plan.exit(), plan.out() + plan.err());
        assertTrue(plan.out().contains("FAIL replication password: the password (from the password file " + password + ")"), plan.out());
        assertTrue(plan.out().contains("is not repl's on the source"), plan.out());
        assertRefusedBeforeTheSourceIsTouched(config, work, target, "FAIL replication password");

        Files.writeString(password, "right\n");
        CliRun right = CliRun.of("plan", "--config", config.toString());
        assertTrue(right.out().contains("PASS replication password: the password (from the password file " + password + ")"), right.out());
        sandbox.discard(target);
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("DROP USER 'repl'@'%'"); // the other runs carry the source's accounts
        }
    }

    /** provision refuses in preflight, saying each of {@code expected}, and neither froze the source nor made anything. */
    private static void assertRefusedBeforeTheSourceIsTouched(Path config, Path work, LocalServer target, String... expected)
        throws Exception {
        CliRun run = CliRun.of("provision", "--config", config.toString());
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("preflight failed, nothing was created or changed"), run.err());
        for (String e : expected) {
            assertTrue(run.err().contains(e), run.err());
        }
        assertNothingCreated(work, target);
        assertFalse(read(work.resolve("journal.json")).contains("frozen-pid"), "the source was never frozen");
    }

    /** The configuration's target reached as {@code user}. */
    private static void targetUser(Path config, LocalServer target, String user) throws Exception {
        Files.writeString(config, Files.readString(config).replace(target.uri("root").toString(), target.uri(user).toString()));
    }

    private static void assertRefused(LocalServer target, String replicationUser, String expected) throws Exception {
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        Path config = config(work, target, replicationUser);
        CliRun run = CliRun.of("provision", "--config", config.toString());
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains(expected), run.err());
        assertNothingCreated(work, target);
        sandbox.discard(target);
    }

    private static void assertNothingCreated(Path work, LocalServer target) throws Exception {
        assertFalse(Files.exists(work.resolve("clone-data")), "no snapshot was taken");
        assertFalse(Files.exists(work.resolve("copy")), "no copy was started");
        try (Connection t = target.connect(); Statement s = t.createStatement();
             ResultSet rs = s.executeQuery("SHOW SLAVE STATUS")) {
            assertFalse(rs.next(), "replication was not configured");
        }
    }

    /** Runs provision in its own JVM and kills it (SIGKILL) as soon as {@code moment} holds for the work dir. */
    private static void killWhen(Path config, Path work, Predicate<Path> moment) throws Exception {
        Process run = provision(config, work);
        Poll.closely("the moment to kill the run", Duration.ofSeconds(120), () -> !run.isAlive() || moment.test(work));
        assertTrue(run.isAlive(), "the run was still going when it was to be killed: " + read(work.resolve("out.log")));
        run.destroyForcibly().waitFor();
    }

    private static Process provision(Path config, Path work) throws Exception {
        return new ProcessBuilder(javaMain("provision", "--config", config.toString())).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("out.log").toFile())).start();
    }

    /** offramp in a JVM of its own, with these arguments. */
    private static List<String> javaMain(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-cp", System.getProperty("java.class.path"), "offramp.cli.Main"));
        command.addAll(List.of(args));
        return command;
    }

    private static Path config(Path work, LocalServer target, String replicationUser) throws Exception {
        return config(work, target, replicationUser, source);
    }

    private static Path config(Path work, LocalServer target, String replicationUser, LocalServer from) throws Exception {
        return config(work, target, replicationUser, from, "copy: { threads: 2, chunk-mb: 1 }");
    }

    private static Path config(Path work, LocalServer target, String replicationUser, LocalServer from, String copy)
        throws Exception {
        Path config = work.resolve("offramp.yaml");
        Files.writeString(config, String.join("\n",
            LocalProvisionConfig.head(work, from, target, ""),
            "replication: { user: " + replicationUser + ", source-host: 127.0.0.1, writable: true, catch-up-timeout: 120 }",
            copy,
            ""));
        return config;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (Exception e) {
            return List.of();
        }
    }

    private static String read(Path file) {
        return String.join("\n", lines(file));
    }
}
