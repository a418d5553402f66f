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
}
