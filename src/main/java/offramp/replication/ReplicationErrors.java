package offramp.replication;

import offramp.binlog.BinlogCoordinates;
import offramp.server.ServerInfo;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Turns a replica's error into what a DBA should do about it. */
public final class ReplicationErrors {

    /** ER_MASTER_FATAL_ERROR_READING_BINLOG: the source would not send the binlog the replica asked for. */
    public static final int SOURCE_CANNOT_SEND = 1236;

    /** Connection losses the replica recovers from by itself (it retries every MASTER_CONNECT_RETRY seconds). */
    private static final Set<Integer> TRANSIENT = Set.of(2003, 2005, 2013, 1158, 1159, 1160, 1161);

    private static final String RETENTION = "keep binlogs longer on the source (expire_logs_days or "
        + "binlog_expire_logs_seconds; Aurora: CALL mysql.rds_set_configuration('binlog retention hours', 168))";

    /** Why the source refused to send the binlog (error 1236); each has its own fix. */
    public enum Unreadable {
        /** The file was in the source's history but is gone: binlog retention was shorter than the provisioning. */
        PURGED,
        /** No such file was ever in the source's series: a typo, or coordinates from another server. */
        NO_SUCH_FILE,
        /** The source does not list the file, and its list was not available to tell purged from never existed. */
        FILE_NOT_LISTED,
        /** The position is inside an event, not where one starts. */
        NOT_AN_EVENT_BOUNDARY,
        /** The position lies beyond the end of the file. */
        PAST_END_OF_FILE,
        /** Another cause (the source's own read error, a corrupt file). */
        OTHER
    }

    private ReplicationErrors() {
    }

    /**
     * Whether replication has stopped for good: the applier stopped or failed, or the receiver stopped or failed
     * with anything but a lost connection it is retrying. A run of many hours outlives network blips.
     */
    public static boolean fatal(ReplicationStatus status) {
        if (status.sqlErrno() != 0 || "No".equals(status.sqlRunning()) || "No".equals(status.ioRunning())) {
            return true;
        }
        return status.ioErrno() != 0 && !TRANSIENT.contains(status.ioErrno());
    }

    /**
     * Tells the causes of error 1236 apart, from the server's words and, where known, the source's files.
     *
     * @param serverSays  Last_IO_Error
     * @param requested   what the replica asked the source for (Master_Log_File, Read_Master_Log_Pos); may be null
     * @param sourceFiles the source's SHOW BINARY LOGS; null when it could not be read
     */
    public static Unreadable why(String serverSays, BinlogCoordinates requested, List<ServerInfo.BinaryLogFile> sourceFiles) {
        String m = serverSays == null ? "" : serverSays.toLowerCase(Locale.ROOT);
        if (m.contains("purged")) {
            return Unreadable.PURGED; // MySQL with GTIDs: "the source has purged binary logs containing GTIDs ..."
        }
        ServerInfo.BinaryLogFile listed = requested == null || sourceFiles == null ? null
            : sourceFiles.stream().filter(f -> f.name().equals(requested.file())).findFirst().orElse(null);
        boolean notListed = requested != null && sourceFiles != null && listed == null;
        if (m.contains("could not find first log file name") || notListed) {
            if (requested == null || sourceFiles == null) {
                return Unreadable.FILE_NOT_LISTED;
            }
            return purged(requested.file(), sourceFiles) ? Unreadable.PURGED : Unreadable.NO_SUCH_FILE;
        }
        if (m.contains("position > file size") || (listed != null && requested.position() > listed.size())) {
            return Unreadable.PAST_END_OF_FILE;
        }
        if (m.contains("impossible position") || m.contains("bogus data") || m.contains("event too small")
            || m.contains("exceeded max_allowed_packet") || m.contains("truncated") || m.contains("invalid position")
            || m.contains("wrong offset") || m.contains("not a valid") || m.contains("did not pass crc check")
            || m.contains("event_length")) {
            return Unreadable.NOT_AN_EVENT_BOUNDARY;
        }
        return Unreadable.OTHER;
    }

    /** A file of the same series as the source's, numbered below its oldest: it existed, and was purged. */
    static boolean purged(String file, List<ServerInfo.BinaryLogFile> sourceFiles) {
        if (sourceFiles.isEmpty()) {
            return false;
        }
        return BinlogCoordinates.purgedBefore(file, sourceFiles.get(0).name());
    }

    /** What to do about each cause of error 1236. */
    static String advice(Unreadable why, BinlogCoordinates requested, List<ServerInfo.BinaryLogFile> sourceFiles) {
        String file = requested == null ? "the binlog file" : requested.file();
        String range = sourceFiles == null || sourceFiles.isEmpty() ? ""
            : " (its files now run from " + sourceFiles.get(0).name() + " to " + sourceFiles.get(sourceFiles.size() - 1).name() + ")";
        return switch (why) {
            case PURGED -> "the source has purged " + file + range + " before the replica read it: the binlog was not "
                + "kept long enough, and the replica cannot catch up from here. " + capitalised(RETENTION)
                + ", then provision again from a new snapshot";
            case NO_SUCH_FILE -> "the source never had a binlog file " + file + range + ": the file name is wrong (a "
                + "typo, or coordinates of another server). Take the coordinates from offramp coordinates --source, "
                + "which proves them, and configure the replica again";
            case FILE_NOT_LISTED -> "the source does not have " + file + ": either it was purged (then " + RETENTION
                + " and provision again from a new snapshot) or it never existed (a typo in the file name)";
            case NOT_AN_EVENT_BOUNDARY -> "position " + (requested == null ? "" : requested.position() + " ")
                + "in " + file + " is not where an event starts on the source: the position is wrong (use the "
                + "end_log_pos of a transaction's last event, as offramp coordinates --source proves it) and the "
                + "replica must be configured again";
            case PAST_END_OF_FILE -> "position " + (requested == null ? "" : requested.position() + " ") + "is past the "
                + "end of " + file + " on the source" + sizeOf(requested, sourceFiles) + ": the coordinates belong to "
                + "another file or another server. Prove them with offramp coordinates --source and configure the "
                + "replica again";
            case OTHER -> "the source cannot send the binlog the replica asked for: read the source's error log";
        };
    }

    private static String sizeOf(BinlogCoordinates requested, List<ServerInfo.BinaryLogFile> sourceFiles) {
        if (requested == null || sourceFiles == null) {
            return "";
        }
        return sourceFiles.stream().filter(f -> f.name().equals(requested.file())).findFirst()
            .map(f -> " (" + f.size() + " bytes)").orElse("");
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** An explanation of the replica's failure, with the fix; the server's own words are kept at the end. */
    public static String explain(ReplicationStatus status) {
        return explain(status, null);
    }

    /**
     * An explanation of the replica's failure, with the fix; the server's own words are kept at the end.
     *
     * @param sourceFiles the source's SHOW BINARY LOGS, to tell the causes of error 1236 apart; null when unknown
     */
    public static String explain(ReplicationStatus status, List<ServerInfo.BinaryLogFile> sourceFiles) {
        int errno = status.sqlErrno() != 0 ? status.sqlErrno() : status.ioErrno();
        String words = status.sqlErrno() != 0 ? status.sqlError() : status.ioError();
        String advice = switch (errno) {
            case SOURCE_CANNOT_SEND -> advice(why(words, status.received(), sourceFiles), status.received(), sourceFiles);
            case 1045 -> "the replication user cannot log in to the source: check its password, and that it is "
                + "granted to the replica's address (Aurora runs with skip_name_resolve: grant it to an IP, not a host name)";
            case 2026 -> "the TLS connection to the source failed: check the CA certificate and the TLS mode";
            case 2003, 2005, 2013 -> "the replica cannot reach the source: check the host and port it was given "
                + "(replication source-host), security groups and firewalls";
            case 1062, 1032, 1451, 1452 -> "a row the source changed is missing or already present on the replica: "
                + "the copy does not match the coordinates replication started from. Verify the copy (offramp "
                + "checksum against the clone) and the coordinates (offramp coordinates --source), then provision again";
            case 1146 -> "a table the source writes does not exist on the replica: a schema left out of the copy, "
                + "or Aurora's own mysql.rds_* tables (keep the default filter that ignores them)";
            case 0 -> status.toString().contains("No") ? "replication stopped without an error: someone stopped the replica's threads"
                : "replication is running";
            default -> "replication stopped with error " + errno;
        };
        return advice + (words == null || words.isBlank() ? "" : " (replica says: " + words + ")");
    }
}
