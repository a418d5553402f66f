package offramp.cutover;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The switch command is a user's script: it gets the primaries and the direction, never offramp's passwords. */
class SwitchCommandTest {

    @Test
    void thePasswordVariablesAreNotPassedOn() {
        Map<String, String> env = SwitchCommand.environment(Map.of(
                "PATH", "/usr/bin", "HOME", "/home/dba", "AWS_PROFILE", "prod",
                "OFFRAMP_SOURCE_PASSWORD", "s3cret", "OFFRAMP_TARGET_PASSWORD", "t4rget",
                "OFFRAMP_REPLICATION_PASSWORD", "r3pl", "OFFRAMP_TO_PASSWORD", "old", "MYSQL_PWD", "pwd"),
            Map.of("OFFRAMP_NEW_PRIMARY", "10.0.0.5:3306", "OFFRAMP_OLD_PRIMARY", "10.0.0.1:3306", "OFFRAMP_DIRECTION", "forward"));
        assertEquals(Map.of("PATH", "/usr/bin", "HOME", "/home/dba", "AWS_PROFILE", "prod",
            "OFFRAMP_NEW_PRIMARY", "10.0.0.5:3306", "OFFRAMP_OLD_PRIMARY", "10.0.0.1:3306", "OFFRAMP_DIRECTION", "forward"), env);
    }

    @Test
    void theScriptSeesWhatItIsGivenAndNoOtherOfframpVariable() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SwitchCommand.run("env", Duration.ofSeconds(10), Map.of("OFFRAMP_NEW_PRIMARY", "10.0.0.5:3306"),
            new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("| OFFRAMP_NEW_PRIMARY=10.0.0.5:3306"), printed);
        assertTrue(printed.contains("| PATH="), printed);
        assertFalse(printed.lines().anyMatch(l -> l.startsWith("  | OFFRAMP_") && !l.contains("OFFRAMP_NEW_PRIMARY")), printed);
    }

    @Test
    void anOrphanLeftRunningByAKilledRunIsWaitedForThenStoppedAndAnotherProcessOfItsIdIsLeftAlone() throws Exception {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        java.util.concurrent.atomic.AtomicReference<SwitchCommand.Started> recorded = new java.util.concurrent.atomic.AtomicReference<>();
        SwitchCommand.run("sleep 0.3", Duration.ofSeconds(10), Map.of(), out, recorded::set);
        assertTrue(recorded.get() != null && recorded.get().pid() > 0 && recorded.get().startedAt() != null, "recorded when started");
        assertEquals(null, SwitchCommand.settleOrphan(recorded.get(), Duration.ofSeconds(1), out), "it ended: nothing to settle");

        Process hanging = new ProcessBuilder("sh", "-c", "sleep 30").start();
        SwitchCommand.Started orphan = SwitchCommand.Started.of(hanging.toHandle());
        assertEquals(null, SwitchCommand.settleOrphan(new SwitchCommand.Started(orphan.pid(), "1970-01-01T00:00:00Z"),
            Duration.ofMillis(100), out), "a process that took the id later is not the orphan");
        assertTrue(hanging.isAlive());
        long t0 = System.nanoTime();
        String settled = SwitchCommand.settleOrphan(orphan, Duration.ofMillis(500), out);
        assertTrue(settled.contains("was stopped"), settled);
        assertTrue(hanging.waitFor(5, java.util.concurrent.TimeUnit.SECONDS), "the orphan is gone");
        assertTrue(System.nanoTime() - t0 >= 400_000_000L, "it was waited for first");

        Process finishing = new ProcessBuilder("sh", "-c", "sleep 0.3").start();
        assertTrue(SwitchCommand.settleOrphan(SwitchCommand.Started.of(finishing.toHandle()), Duration.ofSeconds(10), out)
            .contains("ended"));
        assertFalse(finishing.isAlive());
    }

    @Test
    void theProcessIsKeptInTheJournalsAttempt() throws Exception {
        Attempt a = new Attempt();
        a.switchProcess = new SwitchCommand.Started(4242, "2026-12-05T03:00:00Z");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Attempt back = json.readValue(json.writeValueAsString(a), Attempt.class);
        assertEquals(a.switchProcess, back.switchProcess);
    }
}
