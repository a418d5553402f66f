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
 */
public record ReplicationStatus(String ioRunning, String sqlRunning, int ioErrno, String ioError, int sqlErrno,
                                String sqlError, BinlogCoordinates applied, Long secondsBehind) {

    public boolean failed() {
        return ioErrno != 0 || sqlErrno != 0 || "No".equals(sqlRunning) || "No".equals(ioRunning);
    }

    @Override
    public String toString() {
        return "IO thread " + ioRunning + ", SQL thread " + sqlRunning
            + (ioErrno != 0 ? ", IO error " + ioErrno + ": " + ioError : "")
            + (sqlErrno != 0 ? ", SQL error " + sqlErrno + ": " + sqlError : "");
    }
}
