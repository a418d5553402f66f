package offramp.copy;

import offramp.catalog.Catalog;
import offramp.server.Dialect;
import offramp.server.Endpoint;
import offramp.text.Units;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the target has the free disk the copy needs, known before anything is created. The need comes from the
 * source's information_schema; the free space from the file system of the target's data directory where it can be
 * known: the target runs on this host (its data directory is here and its pid file names the process that runs
 * in it), or the server tells it (MariaDB's information_schema.DISKS). Otherwise the need is said, unchecked.
 */
public final class TargetDisk {

    /**
     * Test seam: when set, the bytes free that offramp reads for a target on this host, in place of its file
     * system's; every other step of the check runs as it does without it.
     */
    public static final String FREE_BYTES_PROPERTY = "offramp.target-free-bytes-for-tests";

    /** The least room kept for what a load writes beside the tables' own pages. */
    static final long MIN_MARGIN_BYTES = 128L << 20;

    private TargetDisk() {
    }

    /** How the check came out: enough room, room unknown (not a failure), or too little. */
    public enum Level { PASS, WARN, FAIL }

    /**
     * The check's finding.
     *
     * @param detail what was found
     * @param fix    what to do about it; empty when it passed
     */
    public record Finding(Level level, String detail, String fix) {
    }

    /**
     * What the copy will write on the target's data directory's file system.
     *
     * @param tables     how many tables the copy takes
     * @param tableBytes their data and indexes on the source (information_schema's DATA_LENGTH + INDEX_LENGTH)
     * @param already    what the target holds of those tables already (a copy resumed), in the same measure
     * @param binlog     bytes the copy writes into the target's binlog on the same file system; 0 when none
     */
    record Need(int tables, long tableBytes, long already, long binlog) {

        /**
         * Room for what a load writes beside the tables' pages: undo, the sort files of index builds, and pages
         * filled otherwise than the source's.
         */
        long margin() {
            return Math.max(MIN_MARGIN_BYTES, tableBytes / 5);
        }

        long bytes() {
            return Math.max(0, tableBytes - already) + margin() + binlog;
        }

        String describe() {
            return "about " + Units.bytes(bytes()) + " (" + Units.bytes(tableBytes) + " of data and indexes in " + tables
                + " tables on the source" + (already > 0 ? ", less " + Units.bytes(already) + " the target holds of them already" : "")
                + ", " + Units.bytes(margin()) + " more for what a load writes beside them: undo, index builds' sort files, "
                + "pages filled otherwise than the source's" + (binlog > 0 ? ", " + Units.bytes(binlog) + " for the copy in the "
                + "target's binlog" : "") + ")";
        }
    }

    /**
     * The free space found.
     *
     * @param bytes bytes free to a server that does not run as root
     * @param path  the data directory, or the mount point holding it
     * @param how   where it was read
     */
    record Free(long bytes, String path, String how) {
    }

    /** The decision; {@code free} null when it could not be known, then {@code unknown} says why. */
    static Finding decide(Need need, Free free, String datadir, String unknown) {
        String wanted = Units.bytes(need.bytes());
        if (free == null) {
            return new Finding(Level.WARN, "the copy needs " + need.describe() + " free on the target; its free space "
                + "could not be checked: " + unknown, "make sure the file system of the target's data directory " + datadir
                + " has " + wanted + " free (df -h " + datadir + " on the target's host)");
        }
        String found = free.path() + " has " + Units.bytes(free.bytes()) + " free (" + free.how() + ")";
        if (free.bytes() >= need.bytes()) {
            return new Finding(Level.PASS, found + "; the copy needs " + need.describe(), "");
        }
        return new Finding(Level.FAIL, found + ", and the copy needs " + need.describe(), "free space on the file system "
            + "holding " + free.path() + ", or grow it, to " + wanted + " free; or copy less (copy.schemas, copy.exclude-tables)");
    }

    /**
     * Reads the need (the tables of {@code schemas} minus {@code excludes}, on the source; what the target holds of
     * them already) and the target's free space, and decides; changes nothing on either server.
     *
     * @param binlogged the copy's loads go into the target's binlog (when it has one)
     */
    public static Finding check(Connection source, Connection target, Endpoint to, Dialect targetDialect,
                                List<String> schemas, List<String> excludes, boolean binlogged) throws SQLException {
        Catalog.Size size = new Catalog(source).size(schemas, excludes);
        Catalog.Size already = new Catalog(target).size(schemas, excludes);
        Where where = Where.read(target);
        List<String> why = new ArrayList<>();
        Free free = onThisHost(to, where, why);
        Path binlogDir = binlogged && where.binlogBase() != null ? where.binlogBase().getParent() : null;
        boolean binlogHere;
        if (free != null) {
            binlogHere = binlogDir != null && sameFileSystem(where.datadir(), binlogDir);
        } else {
            List<Free> mounts = disks(target, targetDialect, why);
            Free holding = holding(mounts, where.datadir());
            if (holding == null && !mounts.isEmpty()) {
                why.add("information_schema.DISKS lists no file system holding " + where.datadir());
            }
            free = holding;
            binlogHere = binlogDir != null && holding != null && holding.equals(holding(mounts, binlogDir));
        }
        // The copy in the binlog counts where it shares the data directory's file system, or where that is unknown.
        boolean binlogCounts = binlogDir != null && (free == null || binlogHere);
        long toCopy = Math.max(0, size.bytes() - already.bytes());
        Need need = new Need(size.tables(), size.bytes(), already.bytes(), binlogCounts ? toCopy : 0);
        return decide(need, free, where.datadir().toString(), String.join("; ", why));
    }

    /** Where the target keeps its files and how it says it is reached, read from its variables. */
    record Where(Path datadir, Path pidFile, Path binlogBase, int port) {

        static Where read(Connection target) throws SQLException {
            try (Statement s = target.createStatement();
                 ResultSet rs = s.executeQuery("SELECT @@datadir, @@pid_file, @@log_bin_basename, @@port")) {
                rs.next();
                Path datadir = Path.of(rs.getString(1));
                Path pid = rs.getString(2) == null ? null : datadir.resolve(rs.getString(2));
                Path binlog = rs.getString(3) == null ? null : datadir.resolve(rs.getString(3));
                return new Where(datadir, pid, binlog, rs.getInt(4));
            } catch (InvalidPathException e) {
                throw new SQLException("the target's @@datadir, @@pid_file or @@log_bin_basename is not a path: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The free space of the target's data directory when the target runs on this host: reached on a local address
     * at the port it says it listens on, its data directory here, and the process its pid file names running in
     * that directory (a server chdirs into its data directory). Anything less could be another server's files at
     * the same path (a container, a tunnel), and then null, with why in {@code why}.
     */
    static Free onThisHost(Endpoint to, Where where, List<String> why) {
        String host = to.uri().host();
        try {
            InetAddress address = InetAddress.getByName(host);
            if (!address.isLoopbackAddress() && !address.isAnyLocalAddress() && NetworkInterface.getByInetAddress(address) == null) {
                why.add("the target " + host + " is not on this host");
                return null;
            }
        } catch (UnknownHostException | SocketException e) {
            why.add("the target's host " + host + " cannot be resolved here");
            return null;
        }
        if (where.port() != to.uri().port()) {
            why.add("the target says it listens on port " + where.port() + ", not on " + to.uri().port()
                + " where offramp reaches it (forwarded or tunnelled), so it may run elsewhere");
            return null;
        }
        if (!Files.isDirectory(where.datadir())) {
            why.add("its data directory " + where.datadir() + " is not on this host or cannot be read here");
            return null;
        }
        String pid;
        try {
            pid = where.pidFile() == null ? "" : Files.readString(where.pidFile()).trim();
        } catch (IOException e) {
            pid = "";
        }
        if (!pid.matches("\\d+")) {
            why.add("its pid file " + where.pidFile() + " cannot be read here, so offramp cannot tell that " + where.datadir()
                + " on this host is the target's");
            return null;
        }
        try {
            if (!Path.of("/proc", pid, "cwd").toRealPath().equals(where.datadir().toRealPath())) {
                why.add("the process in its pid file " + where.pidFile() + " (" + pid + ") does not run in " + where.datadir()
                    + " on this host: the target runs elsewhere (a container?)");
                return null;
            }
            FileStore store = Files.getFileStore(where.datadir());
            String seam = System.getProperty(FREE_BYTES_PROPERTY);
            return new Free(seam != null ? Long.parseLong(seam) : store.getUsableSpace(), where.datadir().toString(),
                "its file system on this host");
        } catch (IOException e) {
            why.add("the process in its pid file " + where.pidFile() + " (" + pid + ") cannot be inspected here ("
                + e.getMessage() + "), so offramp cannot tell that " + where.datadir() + " on this host is the target's");
            return null;
        }
    }

    private static boolean sameFileSystem(Path a, Path b) {
        try {
            return Files.getFileStore(a).equals(Files.getFileStore(b));
        } catch (IOException e) {
            return true; // unknown: count the binlog in, as a binlog beside the data is the default
        }
    }

    /** The file systems the server lists with the bytes free on each; empty, with why, when it lists none. */
    private static List<Free> disks(Connection target, Dialect dialect, List<String> why) {
        String sql = dialect.freeDiskQuery();
        if (sql == null) {
            why.add(dialect.freeDiskAdvice());
            return List.of();
        }
        List<Free> mounts = new ArrayList<>();
        try (Statement s = target.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                mounts.add(new Free(rs.getLong(2), rs.getString(1), "information_schema.DISKS"));
            }
        } catch (SQLException e) {
            why.add("the server does not tell it (" + e.getMessage() + "): " + dialect.freeDiskAdvice());
        }
        return mounts;
    }

    /** The file system holding {@code path}: the listed mount point deepest above it; null when none is. */
    static Free holding(List<Free> mounts, Path path) {
        Free best = null;
        for (Free m : mounts) {
            Path mount;
            try {
                mount = Path.of(m.path());
            } catch (InvalidPathException e) {
                continue;
            }
            if (path.startsWith(mount) && (best == null || mount.getNameCount() > Path.of(best.path()).getNameCount())) {
                best = m;
            }
        }
        return best;
    }
}
