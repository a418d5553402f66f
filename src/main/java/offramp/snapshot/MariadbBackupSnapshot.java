package offramp.snapshot;

import offramp.binlog.BinlogCoordinates;
import offramp.sandbox.SandboxException;
import offramp.server.Connections;
import offramp.server.Dialect;
import offramp.server.Endpoint;
import offramp.server.Gtids;
import offramp.server.Queries;
import offramp.server.ServerInfo;
import offramp.server.ServerVersion;
import offramp.system.Executables;
import offramp.workdir.WorkDirectory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code mariadb-backup} provider, for a MariaDB source on the host offramp runs on: {@code mariadb-backup
 * --backup} copies the data directory while the server runs (writes stop only while it blocks commits at the end,
 * about a second whatever the size, where the {@code local} provider's freeze lasts the whole copy), {@code
 * --prepare} makes the copy consistent, and a clone server starts on it. The copy holds no binlog, so the
 * coordinates are the binlog position mariadb-backup read while commits were blocked, proven on the source as
 * every provider's are.
 */
public final class MariadbBackupSnapshot implements SnapshotProvider {

    /** The option file with the source user's password, in the work directory while mariadb-backup runs. */
    private static final String CREDENTIALS = "mariadb-backup.cnf";

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

    /** The clone is reached as the source's user (a copy of the source has its accounts). */
    @Override
    public boolean readsCloneAsSourceUser() {
        return true;
    }

    @Override
    public String describe() {
        return "mariadb-backup --backup of " + source.uri() + " into " + workDir.resolve("clone-data")
            + " (commits blocked about a second at its end), --prepare, start a clone server on the copy";
    }

    @Override
    public List<ProviderCheck> preflight() throws Exception {
        List<ProviderCheck> checks = new ArrayList<>();
        checks.add(CloneServer.program(source));
        String binary = binary();
        try (Connection c = Connections.open(source)) {
            Dialect dialect = ServerInfo.read(c).dialect();
            String version = dialect.version().text();
            Path datadir = Path.of(Queries.string(c, "SELECT @@datadir"));
            String tool = binary == null ? null : toolVersion(binary);
            boolean sameRelease = tool != null && release(tool).equals(release(version));
            checks.add(new ProviderCheck("mariadb-backup", sameRelease, binary == null ? "not installed"
                : binary + " " + (tool == null ? "(version unknown)" : tool) + " for a " + version + " server",
                "apt-get install mariadb-backup of the server's release (" + release(version) + ")"));
            boolean mariadb = dialect.copiedByMariadbBackup();
            checks.add(new ProviderCheck("source for mariadb-backup", mariadb && Files.isReadable(datadir),
                version + ", data directory " + datadir + (Files.isReadable(datadir) ? "" : " (not readable here)"),
                mariadb ? "run offramp on the source's host, as a user who may read its data directory"
                    : "mariadb-backup copies MariaDB servers only: use the local provider with a snapshot command, or clone"));
            long size = Files.isReadable(datadir) ? WorkSpace.sizeOf(datadir) : -1;
            if (size >= 0) {
                checks.add(WorkSpace.check(workDir.resolve("clone-data"), size, "the backup of " + datadir));
            }
        }
        return checks;
    }

    /** Stops a mariadb-backup a killed run left running, and removes the option file it may have left. */
    @Override
    public void releaseLeftovers(StateLog log, PrintStream out) throws IOException {
        Path copy = workDir.resolve("clone-data");
        if (stopLeftovers(copy) > 0) {
            out.println("stopped the mariadb-backup an interrupted run left writing into " + copy);
        }
        Files.deleteIfExists(workDir.resolve(CREDENTIALS));
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
        CloneServer.clearLeftover(copy);
        // Recorded first, so that cleanup removes a copy whose backup or prepare failed.
        log.put("datadir", copy.toString());
        log.put("copy-is-ours", "true");
        Path datadir;
        try (Connection c = Connections.open(source)) {
            datadir = Path.of(Queries.string(c, "SELECT @@datadir"));
        }
        Path credentials = workDir.resolve(CREDENTIALS);
        Path output = workDir.resolve("mariadb-backup.log");
        try {
            // The password reaches mariadb-backup in a file only this user can read, never on its command line.
            WorkDirectory.writePrivate(credentials, ("[client]\npassword=" + optionValue(source.password().reveal()) + "\n")
                .getBytes(StandardCharsets.UTF_8));
            run("--backup", List.of(binary, "--defaults-extra-file=" + credentials, "--backup", "--target-dir=" + copy,
                "--datadir=" + datadir, "--host=" + source.uri().host(), "--port=" + source.uri().port(),
                "--user=" + source.uri().user()), copy, output);
        } finally {
            Files.deleteIfExists(credentials);
        }
        BinlogInfo info = binlogInfo(copy);
        BinlogCoordinates at = info.coordinates();
        checkGtidOnSource(info);
        run("--prepare", List.of(binary, "--prepare", "--target-dir=" + copy), copy, output);
        log.put("file", at.file());
        log.put("position", Long.toString(at.position()));
        return CloneServer.start(source, copy, settings, serverId, true, log);
    }

    /**
     * A value for an option file: in double quotes, with backslash, quote, newline and carriage return escaped as
     * the server's option-file reader unescapes them.
     */
    static String optionValue(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + "\"";
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
            + "in xtrabackup_binlog_info of the copy; the source's BINLOG_GTID_POS there is the GTID position it recorded";
    }

    /**
     * Cross-checks the two halves of what mariadb-backup recorded on the source itself: the GTID position the source
     * computes for that file and position must be the one the tool wrote beside them.
     */
    private void checkGtidOnSource(BinlogInfo info) throws SQLException {
        String sql = "SELECT BINLOG_GTID_POS(?, ?)";
        try (Connection c = Connections.open(source); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, info.coordinates().file());
            ps.setLong(2, info.coordinates().position());
            try (ResultSet rs = ps.executeQuery()) {
                String onSource = Queries.row(rs, sql, r -> r.getString(1) == null ? "" : r.getString(1));
                if (!Gtids.sameMariadb(onSource, info.gtid())) {
                    throw new SQLException("mariadb-backup recorded " + info.coordinates() + " with GTID position '"
                        + info.gtid() + "', but the source puts '" + onSource + "' there: the backup's coordinates are not "
                        + "trusted; run again");
                }
            }
        }
    }

    @Override
    public SourcePause sourcePause(Map<String, String> state) {
        return SourcePause.notStopped("not stopped; mariadb-backup held its commits briefly at the end of the backup "
            + "(BACKUP STAGE BLOCK_COMMIT; mariadb-backup.log in the work directory has the times)");
    }

    @Override
    public Removal cleanup(Map<String, String> state) {
        return CloneServer.cleanup(state);
    }

    /** The binlog file and position in the copy's binlog info (xtrabackup_binlog_info; newer releases rename it). */
    /** What mariadb-backup recorded of the binlog: file, position and the GTID position there (empty when none). */
    record BinlogInfo(BinlogCoordinates coordinates, String gtid) {
    }

    static BinlogInfo binlogInfo(Path copy) throws IOException {
        for (String name : List.of("mariadb_backup_binlog_info", "xtrabackup_binlog_info")) {
            Path info = copy.resolve(name);
            if (Files.exists(info)) {
                String[] fields = Files.readString(info).trim().split("\\s+");
                if (fields.length >= 2 && fields[1].matches("\\d+")) {
                    return new BinlogInfo(new BinlogCoordinates(fields[0], Long.parseLong(fields[1])),
                        fields.length >= 3 ? fields[2] : "");
                }
                throw new SandboxException(info + " holds no binlog position ('" + Files.readString(info).trim()
                    + "'): is binary logging on on the source?");
            }
        }
        throw new SandboxException("mariadb-backup wrote no binlog position into " + copy + ": is binary logging on on the source?");
    }

    /**
     * Runs mariadb-backup's {@code step} with its output appended to {@code output}; stops it when neither the copy
     * nor the output has grown for {@link #STALL}, and fails naming the log. Its HOME is the work directory, so
     * that no ~/.my.cnf of the user running offramp overrides the option file offramp gives it.
     */
    private void run(String step, List<String> command, Path copy, Path output) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(WorkDirectory.privateLog(output)));
        builder.environment().put("HOME", workDir.toString());
        Process p = builder.start();
        try {
            long lastSize = -1;
            long lastMove = System.nanoTime();
            while (!p.waitFor(5, TimeUnit.SECONDS)) {
                long size = bytesUnder(copy) + Files.size(output);
                if (size != lastSize) {
                    lastSize = size;
                    lastMove = System.nanoTime();
                } else if (System.nanoTime() - lastMove > STALL.toNanos()) {
                    throw new SandboxException("mariadb-backup " + step + " made no progress for " + STALL.toMinutes()
                        + " minutes (a long transaction or lock on the source holds its BACKUP STAGE?): stopped; its output is in "
                        + output);
                }
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor();
            }
        }
        if (p.exitValue() != 0) {
            List<String> lines = List.of(new String(Files.readAllBytes(output), StandardCharsets.ISO_8859_1).split("\n"));
            throw new SandboxException("mariadb-backup " + step + " exited with " + p.exitValue() + ": "
                + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())) + " (all of it in " + output + ")");
        }
    }

    /**
     * Stops any mariadb-backup still writing into {@code copy}: one an interrupted run started outlives offramp's
     * JVM, and two must never write one copy. How many it stopped.
     */
    private static int stopLeftovers(Path copy) {
        String targetDir = "--target-dir=" + copy;
        List<ProcessHandle> leftovers = ProcessHandle.allProcesses()
            .filter(h -> h.info().arguments().map(a -> List.of(a).contains(targetDir)).orElse(false)).toList();
        for (ProcessHandle h : leftovers) {
            h.destroyForcibly();
            h.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        return leftovers.size();
    }

    /** The bytes of the files under {@code dir}; files mariadb-backup removes or renames meanwhile are skipped. */
    private static long bytesUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                total[0] += attributes.size();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException gone) {
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    /** e.g. "10.11.19-MariaDB" from "mariadb-backup based on MariaDB server 10.11.19-MariaDB debian-linux-gnu"; null when unknown. */
    private static String toolVersion(String binary) {
        try {
            Process p = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            p.waitFor(30, TimeUnit.SECONDS);
            Matcher m = Pattern.compile("server (\\d+\\.\\d+\\.\\d+\\S*)").matcher(out);
            return m.find() ? m.group(1) : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    /** The release a version belongs to: 10.11 of 10.11.19-MariaDB; mariadb-backup must match the server's. */
    static String release(String version) {
        return ServerVersion.releaseOf(version);
    }

    private static String binary() {
        return Executables.find(List.of("mariadb-backup", "mariabackup"), "/usr/bin", "/usr/local/bin")
            .map(Path::toString).orElse(null);
    }
}
