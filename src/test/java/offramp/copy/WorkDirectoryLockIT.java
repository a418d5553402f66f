package offramp.copy;

import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import offramp.testing.Poll;
import offramp.verify.TableChecksums;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two copies on one work directory, each in its own JVM as two DBAs' shells would run them: the second stops at
 * once naming the first one's PID, and once the first is killed with SIGKILL, a rerun takes over and finishes.
 */
class WorkDirectoryLockIT {

    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-lock-it");

    @Test
    void aSecondCopyOnTheSameWorkDirectoryIsRefusedUntilTheFirstIsGone() throws Exception {
        LocalServer source = sandbox.startForTest("source", ServerOptions.defaults());
        LocalServer target = sandbox.startForTest("target", ServerOptions.defaults().withServerId(2));
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE app");
            s.execute("USE app");
            s.execute("CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(100))");
            s.execute("INSERT INTO app.t SELECT seq, REPEAT('x', 80) FROM seq_1_to_40000");
        }
        Path work = sandbox.root().resolve("work");
        Process first = startCopy(source, target, work, "first.log");
        awaitChunkInJournal(work, first);
        // The first copy now holds the lock; frozen reads keep it holding it for as long as this test needs.
        source.freeze();
        Process second;
        try {
            second = startCopy(source, target, work, "second.log");
            assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second copy stops at once");
            String out = Files.readString(sandbox.root().resolve("second.log"));
            assertEquals(1, second.exitValue(), out);
            assertTrue(out.contains("in use by offramp process " + first.pid()), out);
            assertTrue(out.contains(work.toString()), out);
            assertTrue(first.isAlive(), "the first copy is untouched");

            first.destroyForcibly(); // SIGKILL to the JVM itself
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            assertFalse(ProcessHandle.of(first.pid()).map(ProcessHandle::isAlive).orElse(false), "the first JVM is gone");
        } finally {
            source.thaw();
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(work)));
        for (String file : List.of("offramp.lock", "copy-journal.jsonl")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve(file))), file);
        }

        Process rerun = startCopy(source, target, work, "rerun.log");
        assertTrue(rerun.waitFor(300, TimeUnit.SECONDS), "the rerun finishes");
        String out = Files.readString(sandbox.root().resolve("rerun.log"));
        assertEquals(0, rerun.exitValue(), out);
        assertTrue(out.contains("resuming"), out);
        try (Connection s = source.connect(); Connection t = target.connect()) {
            assertEquals(TableChecksums.of(s, List.of("app")), TableChecksums.of(t, List.of("app")));
        }
    }

    private static void awaitChunkInJournal(Path work, Process first) throws Exception {
        Path journal = work.resolve("copy-journal.jsonl");
        Poll.closely("the first copy to journal a chunk", Duration.ofSeconds(120),
            () -> !first.isAlive() || Files.exists(journal) && Files.readString(journal).contains("\"fact\":\"chunk\""));
        assertTrue(first.isAlive(), "the first copy is still running");
    }

    /** offramp copy in its own JVM: a FileChannel lock is per process, so only a second JVM tests it honestly. */
    private static Process startCopy(LocalServer source, LocalServer target, Path work, String log) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-cp", System.getProperty("java.class.path"), "offramp.cli.Main", "copy",
            "--from", source.uri("root").toString(), "--to", target.uri("root").toString(), "--schemas", "app",
            "--work-dir", work.toString(), "--threads", "1", "--chunk-rows", "200"));
        return new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(work.resolveSibling(log).toFile()).start();
    }
}
