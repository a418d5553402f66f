package offramp.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/offramp as a DBA runs it, on the packaged jar: the class-data sharing archive it makes beside the jar once,
 * uses after, makes again when the jar or the class list is newer, and does without where it cannot be made.
 */
class LauncherIT {

    private static final Path LAUNCHER = Path.of("bin/offramp").toAbsolutePath();
    private static final Path JAR = Path.of("target/offramp.jar").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void theArchiveIsMadeOnceUsedAfterAndMadeAgainForANewerJar() throws Exception {
        Path jar = Files.copy(JAR, dir.resolve("offramp.jar"));
        Path archive = dir.resolve("offramp.jsa");

        Run first = run(jar, Map.of(), "--version");
        assertEquals(new Run(0, "offramp 0.1.0\n", ""), first);
        assertTrue(Files.size(archive) > 1 << 20, "an archive beside the jar");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("offramp.jar", "offramp.jsa"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                "nothing half-written left behind");
        }

        // -Xshare:on makes the JVM refuse to start unless it can use the archive: it matches this jar and JVM.
        FileTime made = Files.getLastModifiedTime(archive);
        assertEquals(new Run(0, "offramp 0.1.0\n", ""), run(jar, Map.of("OFFRAMP_JAVA_OPTS", "-Xmx512m -Xshare:on"), "--version"));
        assertEquals(made, Files.getLastModifiedTime(archive), "the archive is made once");

        Files.setLastModifiedTime(jar, FileTime.fromMillis(made.toMillis() + 60_000));
        assertEquals(new Run(0, "offramp 0.1.0\n", ""), run(jar, Map.of("OFFRAMP_JAVA_OPTS", "-Xmx512m -Xshare:on"), "--version"));
        assertTrue(Files.getLastModifiedTime(archive).compareTo(made) > 0, "a newer jar gets a new archive");
    }

    @Test
    void withoutTheArchiveOrWithAStaleOneOfframpRunsTheSame() throws Exception {
        Path jar = Files.copy(JAR, dir.resolve("offramp.jar"));
        assertEquals(new Run(0, "offramp 0.1.0\n", ""), run(jar, Map.of("OFFRAMP_CDS", "0"), "--version"));
        assertTrue(Files.notExists(dir.resolve("offramp.jsa")), "OFFRAMP_CDS=0 makes none");

        // An archive that belongs to another jar (one copied over it with its old time kept) is passed over silently.
        Files.writeString(dir.resolve("offramp.jsa"), "not an archive");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(0));
        Run stale = run(jar, Map.of(), "copy", "--help");
        assertEquals(0, stale.exit(), stale.err());
        assertTrue(stale.out().startsWith("Usage: offramp copy"), stale.out());
        assertEquals("", stale.err());
    }

    @Test
    void aDumpThatFailedForThisJarIsNotTriedOnEveryRun() throws Exception {
        Path jar = Files.copy(JAR, dir.resolve("offramp.jar"));
        Path failed = dir.resolve("offramp.jsa.failed");
        Files.writeString(failed, "");
        Files.setLastModifiedTime(failed, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        assertEquals(new Run(0, "offramp 0.1.0\n", ""), run(jar, Map.of(), "--version"));
        assertTrue(Files.notExists(dir.resolve("offramp.jsa")), "not tried again for the same jar");

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(failed).toMillis() + 60_000));
        assertEquals(new Run(0, "offramp 0.1.0\n", ""), run(jar, Map.of(), "--version"));
        assertTrue(Files.exists(dir.resolve("offramp.jsa")), "a newer jar is tried again");
        assertTrue(Files.notExists(failed), "and the mark of the failure goes with its success");
    }

    @Test
    void aNewerClassListGetsANewArchive() throws Exception {
        // A checkout of its own: a pull that changes only the class list leaves the jar as it was.
        Path bin = Files.createDirectories(dir.resolve("checkout/bin"));
        Path launcher = Files.copy(LAUNCHER, bin.resolve("offramp"));
        Path classList = Files.copy(LAUNCHER.resolveSibling("offramp.classlist"), bin.resolve("offramp.classlist"));
        Path jar = Files.copy(JAR, dir.resolve("offramp.jar"));
        Path archive = dir.resolve("offramp.jsa");
        assertEquals(new Run(0, "offramp 0.1.0\n", ""), run(launcher, jar, Map.of(), "--version"));
        FileTime made = Files.getLastModifiedTime(archive);

        Files.setLastModifiedTime(classList, FileTime.fromMillis(made.toMillis() + 60_000));
        assertEquals(new Run(0, "offramp 0.1.0\n", ""), run(launcher, jar, Map.of("OFFRAMP_JAVA_OPTS", "-Xmx512m -Xshare:on"),
            "--version"));
        assertTrue(Files.getLastModifiedTime(archive).compareTo(made) > 0, "a newer class list gets a new archive");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Path jar, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(LAUNCHER, jar, env, args);
    }

    private static Run run(Path launcher, Path jar, Map<String, String> env, String... args)
        throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(launcher.toString()), Stream.of(args)).toList());
        pb.environment().put("OFFRAMP_JAR", jar.toString());
        pb.environment().putAll(env);
        Path out = Files.createTempFile(jar.getParent(), "out", ".txt");
        Path err = Files.createTempFile(jar.getParent(), "err", ".txt");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("bin/offramp " + String.join(" ", args) + " did not end within 120 s");
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }
}
