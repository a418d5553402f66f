package offramp.cutover;

import offramp.workdir.WorkDirectory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A process outside offramp's JVM that watches over a cutover while the old primary is fenced. It holds a pipe
 * from offramp; when the pipe closes without offramp saying the attempt is over (offramp was killed, ran out of
 * memory, lost its SSH session), it takes the work directory's lock and does what a rerun of the same command
 * does: rolls back an attempt that had not committed, completes one that had. The application is then not left
 * without a writable primary until someone notices. It runs in a session of its own with SIGHUP ignored, so the
 * end of offramp's terminal does not end it too; its output goes to cutover-guard.log in the work directory.
 */
final class CutoverGuard implements AutoCloseable {

    /** What the guard reads when the attempt ended as it should: nothing to recover. */
    static final String OVER = "over";
    /** Set to false to run without a guard (the kill tests of the rerun path do). */
    static final String PROPERTY = "offramp.cutover.guard";

    private final Process process;

    private CutoverGuard(Process process) {
        this.process = process;
    }

    /**
     * Starts the guard: {@code offramp cutover ... --recover-orphaned} with the same arguments, in its own session.
     * Returns a guard that does nothing when guards are switched off or no command line was given.
     */
    static CutoverGuard start(List<String> rerunArguments, Path workDir, PrintStream out) throws IOException {
        if (rerunArguments == null || !Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
            return new CutoverGuard(null);
        }
        List<String> command = new ArrayList<>(List.of("setsid", "nohup",
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-cp",
            System.getProperty("java.class.path"), "offramp.cli.Main"));
        command.addAll(rerunArguments);
        command.add("--recover-orphaned");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(WorkDirectory.privateLog(workDir.resolve("cutover-guard.log")))).start();
        out.println("  guard: process " + p.pid() + " rolls back or completes this attempt if offramp dies "
            + "(" + workDir.resolve("cutover-guard.log") + ")");
        return new CutoverGuard(p);
    }

    /** Tells the guard whether the attempt is over (it then exits) or not (it then recovers), and lets it go. */
    void release(boolean attemptOver) {
        if (process == null) {
            return;
        }
        OutputStream pipe = process.getOutputStream();
        try {
            if (attemptOver) {
                pipe.write((OVER + "\n").getBytes(StandardCharsets.UTF_8));
            }
            pipe.close();
        } catch (IOException guardGone) {
            // nothing left to tell it
        }
    }

    @Override
    public void close() {
        release(false);
    }
}
