package offramp.cutover;

import offramp.pipeline.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guard's log says what it found, without contradicting itself. */
class RecoverOrphanedTest {

    @TempDir
    Path dir;

    @Test
    void aGuardThatFindsNothingInFlightDoesNotSayItIsFinishingIt() throws Exception {
        Path pw = dir.resolve("repl.pw");
        Files.writeString(pw, "secret");
        Path config = dir.resolve("offramp.yaml");
        Files.writeString(config, String.join("\n",
            "work-dir: " + dir.resolve("state"),
            "source: { uri: root@127.0.0.1:1 }",
            "target: { uri: root@127.0.0.1:2 }",
            "replication: { user: repl, password-file: " + pw + " }",
            ""));
        Files.setPosixFilePermissions(pw, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Cutover cutover = new Cutover(ConfigLoader.loadWithoutSnapshot(config), config,
            new PrintStream(log, true, StandardCharsets.UTF_8), new CutoverSettings.Overrides(null, null, null, false));
        cutover.recoverOrphaned(new ByteArrayInputStream(new byte[0]));
        String said = log.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("nothing in flight"), said);
        assertFalse(said.contains("finishing it"), said);
    }
}
