package offramp.replication;

/** Turns a replica's error into what a DBA should do about it. */
public final class ReplicationErrors {

    private ReplicationErrors() {
    }

    /** Connection losses the replica recovers from by itself (it retries every MASTER_CONNECT_RETRY seconds). */
    private static final java.util.Set<Integer> TRANSIENT = java.util.Set.of(2003, 2005, 2013, 1158, 1159, 1160, 1161);

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

    /** An explanation of the replica's failure, with the fix; the server's own words are kept at the end. */
    public static String explain(ReplicationStatus status) {
        int errno = status.sqlErrno() != 0 ? status.sqlErrno() : status.ioErrno();
        String words = status.sqlErrno() != 0 ? status.sqlError() : status.ioError();
        String advice = switch (errno) {
            case 1236 -> "the source no longer has the binlog the replica needs (it was purged before the replica "
                + "read it): keep binlogs longer on the source (Aurora: CALL mysql.rds_set_configuration('binlog "
                + "retention hours', 168)) and provision again from a new snapshot";
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
            case 0 -> status.toString().contains("No") ? "replication stopped without an error: someone ran STOP SLAVE"
                : "replication is running";
            default -> "replication stopped with error " + errno;
        };
        return advice + (words == null || words.isBlank() ? "" : " (replica says: " + words + ")");
    }
}
