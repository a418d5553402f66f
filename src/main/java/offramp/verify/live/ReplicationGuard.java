package offramp.verify.live;

import offramp.server.Connections;
import offramp.server.Dialect;
import offramp.server.Endpoint;
import offramp.server.Secret;
import offramp.server.ServerInfo;
import offramp.workdir.WorkDirectory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A process outside offramp's JVM that keeps a live verification from leaving the replica's applier stopped. It
 * holds a pipe from offramp, which says on it when it pauses and resumes the applier; when the pipe closes while
 * the applier is paused (offramp was killed, ran out of memory, lost its SSH session), the guard starts the applier
 * again within seconds, without waiting for a rerun. It runs in a session of its own with SIGHUP ignored; its
 * output goes to verify-guard.log in the work directory. The replica's password reaches it on the pipe, never in
 * its command line or environment beyond what offramp itself was given.
 */
public final class ReplicationGuard implements AutoCloseable {

    static final String PAUSED = "paused";
    static final String RESUMED = "resumed";
    static final String OVER = "over";
    /** Set to false to run without a guard. */
    static final String PROPERTY = "offramp.verify.guard";
    /** How long the guard keeps trying to reach the replica after offramp is gone. */
    private static final long RETRY_MILLIS = 60_000;

    private final Process process;
    private final OutputStream pipe;
    private boolean paused;

    private ReplicationGuard(Process process) {
        this.process = process;
        this.pipe = process == null ? null : process.getOutputStream();
    }

    /** A guard that does nothing: for tests of the parts, and when guards are switched off. */
    public static ReplicationGuard none() {
        return new ReplicationGuard(null);
    }

    /**
     * Starts the guard: {@code offramp verify ... --guard-replication} with the same arguments, in its own session,
     * and hands it the replica's password on its pipe.
     */
    public static ReplicationGuard start(List<String> rerunArguments, Secret replicaPassword, Path workDir, PrintStream out)
        throws IOException {
        if (rerunArguments == null || !Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
            return none();
        }
        List<String> command = new ArrayList<>(List.of("setsid", "nohup",
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1",
            "-cp", System.getProperty("java.class.path"), "offramp.cli.Main"));
        command.addAll(rerunArguments);
        command.add("--guard-replication");
        Path log = workDir.resolve("verify-guard.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(WorkDirectory.privateLog(log))).start();
        ReplicationGuard guard = new ReplicationGuard(p);
        guard.say(replicaPassword.reveal());
        out.println("  guard: process " + p.pid() + " starts the replica's applier again if offramp dies while it is paused ("
            + log + ")");
        return guard;
    }

    void paused() {
        paused = true;
        say(PAUSED);
    }

    void resumed() {
        paused = false;
        say(RESUMED);
    }

    /**
     * Lets the guard go. When the applier is still paused (offramp could not resume it), the guard is left to
     * resume it; otherwise it is told that all is over and exits.
     */
    @Override
    public void close() {
        if (pipe == null) {
            return;
        }
        if (!paused) {
            say(OVER);
        }
        try {
            pipe.close();
        } catch (IOException gone) {
            // nothing left to tell it
        }
    }

    private void say(String line) {
        if (pipe == null) {
            return;
        }
        try {
            pipe.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            pipe.flush();
        } catch (IOException gone) {
            // a guard that died cannot be told; the in-process resume still runs
        }
    }

    /**
     * What the guard process does: reads the replica's password and then offramp's states until the pipe closes;
     * if it closed while the applier was paused, starts the applier again.
     *
     * @param replica the replica's endpoint, given the password read from the pipe
     */
    public static void watch(InputStream fromOfframp, Function<Secret, Endpoint> replica, PrintStream log) throws IOException, InterruptedException {
        BufferedReader in = new BufferedReader(new InputStreamReader(fromOfframp, StandardCharsets.UTF_8));
        String password = in.readLine();
        if (password == null) {
            return;
        }
        Endpoint endpoint = replica.apply(new Secret(password, "offramp's pipe"));
        boolean pausedNow = false;
        String line;
        while ((line = in.readLine()) != null) {
            switch (line) {
                case PAUSED -> pausedNow = true;
                case RESUMED -> pausedNow = false;
                case OVER -> {
                    return;
                }
                default -> log.println(Instant.now() + " unexpected line on the pipe, ignored");
            }
        }
        if (!pausedNow) {
            return;
        }
        log.println(Instant.now() + " offramp's verify ended while the replica's applier was paused: starting it again on "
            + endpoint.uri());
        long deadline = System.currentTimeMillis() + RETRY_MILLIS;
        while (true) {
            try (Connection c = Connections.open(endpoint)) {
                Dialect dialect = ServerInfo.read(c).dialect();
                // STOP first also clears an UNTIL condition the applier may be running towards.
                SourceRead.execute(c, dialect.stopApplier());
                SourceRead.execute(c, dialect.startApplier());
                log.println(Instant.now() + " the replica's applier runs again");
                return;
            } catch (SQLException e) {
                if (System.currentTimeMillis() > deadline) {
                    log.println(Instant.now() + " could not start the replica's applier for " + RETRY_MILLIS / 1000
                        + " s, start it by hand (" + Dialect.showReplicaStatusOnAnyServer() + " shows it): " + e.getMessage());
                    return;
                }
                log.println(Instant.now() + " the replica cannot be reached yet, trying again: " + e.getMessage());
                Thread.sleep(1000);
            }
        }
    }
}
