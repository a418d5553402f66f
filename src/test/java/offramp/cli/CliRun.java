package offramp.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** Runs an offramp command in this JVM, as a DBA would from the shell, capturing what it prints. */
public record CliRun(int exit, String out, String err) {

    public static CliRun of(String... args) {
        return run(args, new ByteArrayOutputStream(), new ByteArrayOutputStream());
    }

    /** Starts a command in the background; what it has printed so far can be read while it runs. */
    public static Running start(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        return new Running(o, CompletableFuture.supplyAsync(() -> run(args, o, e)));
    }

    /** A command running in the background. */
    public record Running(ByteArrayOutputStream outSoFar, CompletableFuture<CliRun> done) {

        /** Standard output up to now. */
        public String out() {
            return outSoFar.toString(StandardCharsets.UTF_8);
        }
    }

    private static synchronized CliRun run(String[] args, ByteArrayOutputStream o, ByteArrayOutputStream e) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            System.out.flush();
            return new CliRun(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
