package offramp.snapshot;

import offramp.testing.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The freeze guard on a stand-in process: thawed on close, on the time limit, and by a rerun. */
class ProcessFreezeTest {

    private final Process server = start();

    private static Process start() {
        try {
            return new ProcessBuilder("sleep", "600").start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() throws Exception {
        ProcessFreeze.signal(server.pid(), "CONT");
        server.destroyForcibly().waitFor();
    }

    @Test
    void closeThawsAndJournalsBothEnds() throws Exception {
        MapLog log = new MapLog();
        try (ProcessFreeze freeze = ProcessFreeze.freeze(server.pid(), Duration.ofSeconds(30), log)) {
            assertTrue(ProcessFreeze.isStopped(server.pid()));
            assertEquals(Long.toString(server.pid()), log.get(ProcessFreeze.JOURNAL_PID), "journalled before it stops");
            freeze.checkStillFrozen();
        }
        assertFalse(ProcessFreeze.isStopped(server.pid()));
        assertNotNull(log.get(ProcessFreeze.JOURNAL_THAWED));
    }

    @Test
    void theGuardThawsWhenTheFreezeLastsTooLongAndTheCopyIsRefused() throws Exception {
        MapLog log = new MapLog();
        try (ProcessFreeze freeze = ProcessFreeze.freeze(server.pid(), Duration.ofSeconds(1), log)) {
            Poll.until("the guard to thaw the process after the limit", Duration.ofSeconds(10),
                () -> !ProcessFreeze.isStopped(server.pid()));
            Exception e = assertThrows(RuntimeException.class, freeze::checkStillFrozen);
            assertTrue(e.getMessage().contains("snapshot.local.max-freeze-seconds (1 s)"), e.getMessage());
        }
    }

    @Test
    void aRerunThawsAProcessLeftStoppedAndSaysSo() throws Exception {
        MapLog log = new MapLog();
        log.put(ProcessFreeze.JOURNAL_PID, Long.toString(server.pid()));
        log.put(ProcessFreeze.JOURNAL_SINCE, "2026-11-30T00:00:00Z");
        ProcessFreeze.signal(server.pid(), "STOP");
        // SIGSTOP arrives asynchronously; an earlier run's leftover is stopped long since.
        Poll.until("the process to stop", Duration.ofSeconds(5), () -> ProcessFreeze.isStopped(server.pid()));
        Path pidFile = Files.createTempFile("server", ".pid");
        Files.writeString(pidFile, server.pid() + "\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProcessFreeze.thawLeftover(log, pidFile, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertFalse(ProcessFreeze.isStopped(server.pid()));
        String said = out.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("(pid " + server.pid() + ") was stopped") && said.contains("sent SIGCONT"), said);
        assertNotNull(log.get(ProcessFreeze.JOURNAL_THAWED));
        Files.delete(pidFile);
    }
}
