package offramp.copy;

import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import offramp.verify.TableChecksums;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A copy killed with SIGKILL at random moments and rerun each time ends with every row there exactly once. */
class CopyResumeIT {

    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-resume-it");

    @Test
    void killedThreeTimesAndRerunTheCopyEndsIdentical() throws Exception {
        LocalServer source = sandbox.startForTest("source", ServerOptions.defaults());
        LocalServer target = sandbox.startForTest("target", ServerOptions.defaults().withServerId(2));
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE big");
            s.execute("USE big"); // the SEQUENCE engine's seq_ tables need a current schema
            s.execute("CREATE TABLE big.a (id INT PRIMARY KEY, v VARCHAR(200), n DECIMAL(10,2), KEY by_n (n))");
            s.execute("INSERT INTO big.a SELECT seq, REPEAT(CHAR(65 + seq % 26), 150), seq / 7 FROM seq_1_to_150000");
            s.execute("CREATE TABLE big.b (k VARCHAR(30) PRIMARY KEY, body BLOB)");
            s.execute("INSERT INTO big.b SELECT CONCAT('key-', seq), RANDOM_BYTES(200) FROM seq_1_to_60000");
            s.execute("CREATE TABLE big.nokey (x INT, y VARCHAR(50))");
            s.execute("INSERT INTO big.nokey SELECT seq % 1000, MD5(seq) FROM seq_1_to_50000");
        }
        Path work = Files.createTempDirectory(sandbox.root(), "work");
        Random random = new Random(42);
        int killed = 0;
        for (int attempt = 0; attempt < 3; attempt++) {
            Process copy = startCopy(source, target, work);
            boolean finished = copy.waitFor(300 + random.nextInt(1500), TimeUnit.MILLISECONDS);
            if (!finished) {
                copy.destroyForcibly().waitFor();
                killed++;
            }
        }
        Process last = startCopy(source, target, work);
        assertTrue(last.waitFor(300, TimeUnit.SECONDS), "the last copy finishes");
        assertEquals(0, last.exitValue(), Files.readString(work.resolve("out.log")));
        assertTrue(killed > 0, "at least one run was killed mid-copy");
        String out = Files.readString(work.resolve("out.log"));
        assertTrue(out.contains("big.a") && out.contains("150,000 rows"), "rows per table count earlier runs too: " + out);
        try (Connection s = source.connect(); Connection t = target.connect()) {
            assertEquals(TableChecksums.of(s, List.of("big")), TableChecksums.of(t, List.of("big")));
        }
    }

    /** offramp copy in its own JVM, so that it can be killed as a DBA's kill -9 would. */
    private static Process startCopy(LocalServer source, LocalServer target, Path work) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-cp", System.getProperty("java.class.path"), "offramp.cli.Main", "copy",
            "--from", source.uri("root").toString(), "--to", target.uri("root").toString(), "--schemas", "big",
            "--work-dir", work.toString(), "--threads", "2", "--chunk-rows", "5000"));
        return new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("out.log").toFile())).start();
    }
}
