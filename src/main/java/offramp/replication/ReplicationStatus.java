package offramp.replication;

import offramp.binlog.BinlogCoordinates;

/**
 * SHOW REPLICA STATUS, the parts offramp follows.
 *
 * @param ioRunning      the receiver (IO) thread's state: Yes, No or Connecting
 * @param sqlRunning     the applier (SQL) thread's state
 * @param ioErrno        Last_IO_Errno
 * @param ioError        Last_IO_Error
 * @param sqlErrno       Last_SQL_Errno
 * @param sqlError       Last_SQL_Error
 * @param applied        the source coordinates up to which the replica has applied (Relay_Master_Log_File,
 *                       Exec_Master_Log_Pos); null before replication is configured
 * @param secondsBehind  Seconds_Behind_Master; null when unknown
 * @param received       the source coordinates the receiver has read up to, or asks for next (Master_Log_File,
 *                       Read_Master_Log_Pos); null when unknown
 * @param sourceHost     Master_Host: the host the replica connects to; null when unknown
 * @param sourcePort     Master_Port; 0 when unknown
 * @param sourceServerId Master_Server_Id: the server_id of the source it last connected to; 0 before it ever did
 * @param sourceUuid     Master_UUID (MySQL): that source's server_uuid; null or empty when unknown (MariaDB)
 */
public record ReplicationStatus(String ioRunning, String sqlRunning, int ioErrno, String ioError, int sqlErrno,
                                String sqlError, BinlogCoordinates applied, Long secondsBehind,
                                BinlogCoordinates received, String sourceHost, int sourcePort, long sourceServerId,
                                String sourceUuid) {

    /** The threads, errors and positions only, without where the replica connects (tests of decisions). */
    public ReplicationStatus(String ioRunning, String sqlRunning, int ioErrno, String ioError, int sqlErrno,
                             String sqlError, BinlogCoordinates applied, Long secondsBehind) {
        this(ioRunning, sqlRunning, ioErrno, ioError, sqlErrno, sqlError, applied, secondsBehind, null, null, 0, 0, null);
    }

    public boolean failed() {
        return ioErrno != 0 || sqlErrno != 0 || "No".equals(sqlRunning) || "No".equals(ioRunning);
    }

    /** Whether both threads run (the receiver may be reconnecting). */
    public boolean running() {
        return !"No".equals(ioRunning) && ioRunning != null && "Yes".equals(sqlRunning);
    }

    @Override
    public String toString() {
        return "IO thread " + ioRunning + ", SQL thread " + sqlRunning
            + (ioErrno != 0 ? ", IO error " + ioErrno + ": " + ioError : "")
            + (sqlErrno != 0 ? ", SQL error " + sqlErrno + ": " + sqlError : "");
    }
}
