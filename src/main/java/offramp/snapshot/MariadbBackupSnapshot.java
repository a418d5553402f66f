package offramp.snapshot;

import offramp.binlog.BinlogCoordinates;
import offramp.sandbox.DataDirectory;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxException;
import offramp.server.Connections;
import offramp.server.Endpoint;
import offramp.workdir.WorkDirectory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The {@code mariadb-backup} provider, for a MariaDB source on the host offramp runs on: {@code mariadb-backup
 * --backup} copies the data directory while the server runs (writes stop only while it blocks commits at the end,
 * about a second whatever the size, where the {@code local} provider's freeze lasts the whole copy), {@code
 * --prepare} makes the copy consistent, and a clone server starts on it. The copy holds no binlog, so the
 * coordinates are the binlog position mariadb-backup read while commits were blocked, proven on the source as
 * every provider's are.
 */
public final class MariadbBackupSnapshot implements SnapshotProvider {

    /** How long mariadb-backup may go without copying a byte or writing a line before it is stopped. */
    static final Duration STALL = Duration.ofMinutes(10);

    private final Endpoint source;
    private final Path workDir;
    private final Long serverId;

    public MariadbBackupSnapshot(Endpoint source, Path workDir, Long serverId) {
        this.source = source;
        this.workDir = workDir;
        this.serverId = serverId;
    }

    @Override
    public String name() {
        return "mariadb-backup";
    }

    @Override
    public String describe() {
        return "mariadb-backup --backup of " + source.uri() + " into " + workDir.resolve("clone-data")
            + " (commits blocked about a second at its end), --prepare, start a clone server on the copy";
    }

    @Override
    public List<ProviderCheck> preflight() throws Exception {
        List<ProviderCheck> checks = new ArrayList<>();
        String binary = binary();
        checks.add(new ProviderCheck("mariadb-backup", binary != null, binary != null ? binary
            : "not installed", "apt-get install mariadb-backup (the version of the source's server)"));
        try (Connection c = Connections.open(source); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@version, @@datadir")) {
            rs.next();
            boolean mariadb = rs.getString(1).toLowerCase().contains("mariadb");
            checks.add(new ProviderCheck("source for mariadb-backup", mariadb && Files.isDirectory(Path.of(rs.getString(2))),
                rs.getString(1) + ", data directory " + rs.getString(2),
                mariadb ? "run offramp on the source's host: mariadb-backup reads the data directory's files"
                    : "mariadb-backup copies MariaDB servers only: use the local provider with a snapshot command, or clone"));
        }
        return checks;
    }

    @Override
    public Clone create(StateLog log) throws Exception {
        String binary = binary();
        if (binary == null) {
            throw new SandboxException("mariadb-backup is not installed: apt-get install mariadb-backup");
        }
        LocalSnapshot.SourceSettings settings = LocalSnapshot.SourceSettings.read(source);
        Path copy = workDir.resolve("clone-data");
        stopLeftovers(copy);
        if (Files.exists(copy)) {
            // A copy an interrupted run did not finish recording: its server may still run on it.
            LocalServer.stopByPidFile(copy);
            DataDirectory.delete(copy);
        }
        Path datadir;
        try (Connection c = Connections.open(source); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@datadir")) {
            rs.next();
            datadir = Path.of(rs.getString(1));
        }
        Path credentials = workDir.resolve("mariadb-backup.cnf");
        Path output = workDir.resolve("mariadb-backup.log");
        try {
            // The password reaches mariadb-backup in a file only this user can read, never on its command line.
            WorkDirectory.writePrivate(credentials, ("[client]\npassword=\"" + source.password().reveal()
                .replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n").getBytes(StandardCharsets.UTF_8));
            run(List.of(binary, "--defaults-extra-file=" + credentials, "--backup", "--target-dir=" + copy,
                "--datadir=" + datadir, "--host=" + source.uri().host(), "--port=" + source.uri().port(),
                "--user=" + source.uri().user()), copy, output);
        } finally {
            Files.deleteIfExists(credentials);
        }
        BinlogCoordinates at = binlogPosition(copy);
        run(List.of(binary, "--prepare", "--target-dir=" + copy), copy, output);
        log.put("file", at.file());
        log.put("position", Long.toString(at.position()));
        long id = serverId != null ? serverId : settings.serverId() + 1000;
        return CloneServer.start(source, copy, settings, id, true, log);
    }

    @Override
    public Clone resume(Map<String, String> state) {
        return CloneServer.resume(source, state);
    }

    @Override
    public BinlogCoordinates reportedCoordinates(Map<String, String> state) {
        return state.containsKey("file") ? new BinlogCoordinates(state.get("file"), Long.parseLong(state.get("position"))) : null;
    }

    @Override
    public boolean coordinatesFromProvider() {
        return true;
    }

    @Override
    public String coordinatesEvidence() {
        return "the source's binlog position mariadb-backup read while commits were blocked (BACKUP STAGE BLOCK_COMMIT), "
            + "in xtrabackup_binlog_info of the copy";
    }

    @Override
    public void cleanup(Map<String, String> state) throws IOException {
        CloneServer.cleanup(state);
    }

    /** The binlog file and position in the copy's binlog info (xtrabackup_binlog_info; newer releases rename it). */
    static BinlogCoordinates binlogPosition(Path copy) throws IOException {
        for (String name : List.of("mariadb_backup_binlog_info", "xtrabackup_binlog_info")) {
            Path info = copy.resolve(name);
            if (Files.exists(info)) {
                String[] fields = Files.readString(info).trim().split("\\s+");
                if (fields.length >= 2 && fields[1].matches("\\d+")) {
                    return new BinlogCoordinates(fields[0], Long.parseLong(fields[1]));
                }
                throw new SandboxException(info + " holds no binlog position ('" + Files.readString(info).trim()
                    + "'): is binary logging on on the source?");
            }
        }
        throw new SandboxException("mariadb-backup wrote no binlog position into " + copy + ": is binary logging on on the source?");
    }

    /**
     * Runs mariadb-backup with its output appended to {@code output}; stops it when neither the copy nor the output
     * has grown for {@link #STALL}, and fails naming the log.
     */
    private static void run(List<String> command, Path copy, Path output) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        long lastSize = -1;
        long lastMove = System.nanoTime();
        while (!p.waitFor(5, TimeUnit.SECONDS)) {
            long size = bytesUnder(copy) + Files.size(output);
            if (size != lastSize) {
                lastSize = size;
                lastMove = System.nanoTime();
            } else if (System.nanoTime() - lastMove > STALL.toNanos()) {
                p.destroyForcibly().waitFor();
                throw new SandboxException("mariadb-backup made no progress for " + STALL.toMinutes() + " minutes (a long "
                    + "transaction or lock on the source holds its BACKUP STAGE?): stopped; its output is in " + output);
            }
        }
        if (p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            throw new SandboxException("mariadb-backup " + command.get(1 + (command.get(1).startsWith("--defaults") ? 1 : 0))
                + " exited with " + p.exitValue() + ": " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3),
                lines.size())) + " (all of it in " + output + ")");
        }
    }

    /**
     * Stops any mariadb-backup still writing into {@code copy}: one an interrupted run started outlives offramp's
     * JVM, and two must never write one copy.
     */
    private static void stopLeftovers(Path copy) {
        String targetDir = "--target-dir=" + copy;
        ProcessHandle.allProcesses()
            .filter(h -> h.info().arguments().map(a -> List.of(a).contains(targetDir)).orElse(false))
            .forEach(h -> {
                h.destroyForcibly();
                h.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
            });
    }

    private static long bytesUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static String binary() {
        for (String candidate : List.of("/usr/bin/mariadb-backup", "/usr/bin/mariabackup", "/usr/local/bin/mariadb-backup")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }
}
