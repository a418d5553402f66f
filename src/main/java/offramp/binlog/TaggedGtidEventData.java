package offramp.binlog;

import com.github.shyiko.mysql.binlog.event.EventData;

/**
 * The body of MySQL 8.4's GTID_TAGGED_LOG_EVENT (type 42), which the binlog library does not know: the GTID of
 * a transaction whose GTID has a tag ({@code SET gtid_next = 'UUID:TAG:NUMBER'} or {@code gtid_next =
 * AUTOMATIC:TAG}), with the fields of the 8.0 GTID event.
 *
 * @param flags                    gtid_flags: 1 when the transaction may commit in parallel with the previous
 * @param uuid                     the source UUID, in its text form
 * @param tag                      the tag; empty when the GTID has none
 * @param gno                      the transaction number
 * @param lastCommitted            logical clock: the sequence number this transaction depends on
 * @param sequenceNumber           logical clock: this transaction's sequence number
 * @param immediateCommitTimestamp microseconds since the epoch at which the server that wrote it committed
 * @param originalCommitTimestamp  microseconds at which the original source committed; the immediate one when the
 *                                 event leaves it out (the server that wrote it is the original source)
 * @param transactionLength        bytes of the whole transaction, this event included
 * @param immediateServerVersion   version of the server that wrote it, e.g. 80400
 * @param originalServerVersion    version of the original source; the immediate one when left out
 * @param commitGroupTicket        the group's commit ticket (Group Replication); 0 when left out
 */
public record TaggedGtidEventData(int flags, String uuid, String tag, long gno, long lastCommitted,
                                  long sequenceNumber, long immediateCommitTimestamp, long originalCommitTimestamp,
                                  long transactionLength, long immediateServerVersion, long originalServerVersion,
                                  long commitGroupTicket) implements EventData {

    /** The GTID as MySQL writes it: {@code UUID:TAG:NUMBER}, or {@code UUID:NUMBER} without a tag. */
    public String gtid() {
        return tag.isEmpty() ? uuid + ":" + gno : uuid + ":" + tag + ":" + gno;
    }
}
