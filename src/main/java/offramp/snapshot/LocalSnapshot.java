package offramp.snapshot;

import offramp.sandbox.DataDirectory;
import offramp.sandbox.SandboxException;
import offramp.sandbox.ServerOptions;
import offramp.server.Connections;
import offramp.server.Endpoint;
import offramp.server.Queries;
import offramp.text.Units;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code local} provider: a crash-consistent copy of a local server's data directory (its process frozen
 * with SIGSTOP while the files are copied, then thawed), or the directory a snapshot command (LVM, ZFS) prints;
 * then a server started on the copy, which recovers as a restored snapshot does and rotates its binlog.
 */
public final class LocalSnapshot implements SnapshotProvider {

    private final Endpoint source;
    private final Path datadir;
    private final Path pidFile;
    private final String command;
    private final Long serverId;
    private final Path workDir;
    private final Duration maxFreeze;

    public LocalSnapshot(Endpoint source, Path datadir, Path pidFile, String command, Long serverId, Path workDir,
                         Duration maxFreeze) {
        this.source = source;
        this.datadir = datadir;
        this.pidFile = pidFile;
        this.command = command;
        this.serverId = serverId;
        this.workDir = workDir;
        this.maxFreeze = maxFreeze;
    }

    /** How long the source may stay frozen when the configuration does not say. */
    public static final Duration DEFAULT_MAX_FREEZE = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "local";
    }

    /** The clone is reached as the source's user (a copy of the source has its accounts). */
    @Override
    public boolean readsCloneAsSourceUser() {
        return true;
    }

    @Override
    public String describe() {
        return command != null ? "run '" + command + "' for a crash-consistent copy, start a clone server on it"
            : "freeze the server of " + datadir + " (pid in " + pidFile + ") for at most " + maxFreeze.toSeconds()
                + " s, copy its data directory to " + workDir.resolve("clone-data") + ", thaw it, start a clone server on the copy";
    }

    /**
     * Before the source is frozen: the data directory can be read and its pid file names a process, and the work
     * directory can take the copy (or, with a snapshot command, is writable for the clone server's files).
     */
    @Override
    public List<ProviderCheck> preflight() throws IOException {
        List<ProviderCheck> checks = new ArrayList<>();
        checks.add(CloneServer.program(source));
        if (command != null) {
            checks.add(WorkSpace.check(workDir, -1, "the clone server's files"));
            return checks;
        }
        long size = WorkSpace.sizeOf(datadir);
        checks.add(new ProviderCheck("local data directory", size >= 0 && Files.isDirectory(datadir),
            datadir + (size >= 0 ? ", " + Units.bytes(size) : " cannot be read here"),
            "run offramp on the source's host as a user who may read " + datadir + " (local.datadir: the server's @@datadir)"));
        checks.add(new ProviderCheck("local pid file", Files.isReadable(pidFile), pidFile
            + (Files.isReadable(pidFile) ? "" : " cannot be read"), "local.pid-file: the server's @@pid_file, readable by offramp"));
        long binlogs = 0;
        String what = "the copy of " + datadir;
        SourceSettings settings = binlogsOutside();
        if (settings != null) {
            // The binlogs are copied from their own directory while the source is frozen, beside its data directory.
            Path binlogDir = settings.binlogDirectory();
            binlogs = binlogBytes(binlogDir, settings.binlogBaseName());
            checks.add(new ProviderCheck("local binlog directory", binlogs >= 0, binlogDir
                + (binlogs >= 0 ? ", " + Units.bytes(binlogs) + " of binlogs" : " cannot be read here"),
                "run offramp as a user who may read " + binlogDir + " (the directory of the source's @@log_bin_basename)"));
            what += " and its binlogs in " + binlogDir;
        }
        if (size >= 0 && binlogs >= 0) {
            checks.add(WorkSpace.check(workDir.resolve("clone-data"), size + binlogs, what));
        }
        return checks;
    }

    /** The source's settings when its binlogs are not in its data directory; null when they are, or unknown. */
    private SourceSettings binlogsOutside() {
        try {
            SourceSettings settings = SourceSettings.read(source);
            Path dir = settings.binlogDirectory().toAbsolutePath().normalize();
            return dir.startsWith(datadir.toAbsolutePath().normalize()) ? null : settings;
        } catch (SQLException e) {
            return null; // the source's own checks say why it cannot be read
        }
    }

    /** The bytes of the binlog files {@code baseName}.* in {@code dir}; -1 when it cannot be read. */
    private static long binlogBytes(Path dir, String baseName) {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(baseName + ".")).toList()) {
                total += Files.size(f);
            }
            return total;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Thaws the source when an interrupted run left it stopped, before anything connects to it. */
    @Override
    public void releaseLeftovers(StateLog log, PrintStream out) throws IOException, InterruptedException {
        if (command == null) {
            ProcessFreeze.thawLeftover(log, pidFile, out);
        }
    }

    @Override
    public Clone create(StateLog log) throws Exception {
        SourceSettings settings = SourceSettings.read(source);
        Path copy;
        boolean ours;
        if (command != null) {
            copy = runSnapshotCommand();
            ours = false;
        } else {
            copy = workDir.resolve("clone-data");
            CloneServer.clearLeftover(copy);
            // Recorded first, so that cleanup removes a copy that failed half way (a full disk, a kill).
            log.put("datadir", copy.toString());
            log.put("copy-is-ours", "true");
            freezeAndCopy(settings, copy, log);
            ours = true;
        }
        return CloneServer.start(source, copy, settings, serverId, ours, log);
    }

    @Override
    public Clone resume(Map<String, String> state) {
        return CloneServer.resume(source, state);
    }

    @Override
    public SourcePause sourcePause(Map<String, String> state) {
        if (command != null) {
            return SourcePause.notStopped("not stopped by offramp: the snapshot command '" + command + "' made the copy");
        }
        String ms = state.get(SourcePause.FROZEN_MS);
        return new SourcePause(ms == null ? null : Long.valueOf(ms), "stopped (SIGSTOP) while its data directory was copied");
    }

    @Override
    public Removal cleanup(Map<String, String> state) {
        return CloneServer.cleanup(state);
    }

    private void freezeAndCopy(SourceSettings settings, Path copy, StateLog log) throws IOException, InterruptedException {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException e) {
            throw new SandboxException("cannot read the source server's pid from " + pidFile + ": " + e.getMessage()
                + "; set snapshot.local.pid-file to the pid-file of the running server");
        }
        ProcessFreeze freeze = ProcessFreeze.freeze(pid, maxFreeze, log);
        try (freeze) {
            DataDirectory.copy(datadir, copy);
            if (!settings.binlogDirectory().equals(datadir.toRealPath())) {
                DataDirectory.copyBinlogs(settings.binlogDirectory(), settings.binlogBaseName(), copy);
            }
            freeze.checkStillFrozen();
        }
        // From the SIGSTOP to the thaw confirmed: the time the source answered nothing.
        log.put(SourcePause.FROZEN_MS, Long.toString(freeze.frozenFor().toMillis()));
        DataDirectory.makeIndexesRelative(copy);
    }

    private Path runSnapshotCommand() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new SandboxException("the snapshot command '" + command + "' exited with " + p.exitValue());
        }
        String[] lines = out.split("\n");
        Path dir = Path.of(lines[lines.length - 1].strip());
        if (!Files.isDirectory(dir)) {
            throw new SandboxException("the snapshot command must print the directory of the copy on its last line; it printed '"
                + lines[lines.length - 1] + "'");
        }
        DataDirectory.makeIndexesRelative(dir);
        return dir;
    }


    /** What the clone's server must share with the source's to open its files. */
    record SourceSettings(long serverId, String binlogBaseName, Path binlogDirectory, List<String> extraOptions) {

        static SourceSettings read(Endpoint source) throws SQLException {
            try (Connection c = Connections.open(source); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT @@server_id, @@log_bin_basename, @@innodb_page_size, "
                     + "@@lower_case_table_names")) {
                Queries.requireRow(rs, "the source's server_id, binlog, page size and lower_case_table_names");
                String base = rs.getString(2);
                if (base == null) {
                    throw new SQLException("binary logging is off on the source: a clone of it has no binlog to find coordinates in");
                }
                Path basePath = Path.of(base);
                List<String> extra = new ArrayList<>();
                extra.add("--innodb-page-size=" + rs.getLong(3));
                extra.add("--lower-case-table-names=" + rs.getInt(4));
                return new SourceSettings(rs.getLong(1), basePath.getFileName().toString(),
                    basePath.getParent() == null ? Path.of(".") : basePath.getParent(), extra);
            }
        }

        ServerOptions cloneOptions(long id) {
            return new ServerOptions(binlogBaseName, id, "ROW", "CRC32", 128, extraOptions);
        }
    }
}
