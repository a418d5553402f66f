package offramp.binlog;

/**
 * One event of a binary log, as {@code mysqlbinlog} shows it: {@code # at start} and {@code end_log_pos end}.
 *
 * @param file      the binlog file the event is in
 * @param start     byte offset of the event's first header byte
 * @param end       byte offset right after the event (its {@code end_log_pos})
 * @param type      the event type
 * @param serverId  the server id in the event header
 * @param timestamp the header timestamp, seconds since the epoch
 * @param flags     the header flags
 * @param gtid      the GTID the event carries (GTID and MariaDB GTID events); null for other events
 * @param statement the statement text of QUERY events (and MariaDB ANNOTATE_ROWS); null for other events
 * @param standalone for MariaDB GTID events: true when no COMMIT or XID follows (FL_STANDALONE)
 * @param bodyCrc   CRC-32 of the event body as read (without header and checksum), to compare events
 *                  across servers
 * @param typeCode  the type code in the event header: {@code type.code()}, except for {@link EventKind#IGNORED},
 *                  where it is the unknown type the server skips (100 for Aurora's padding)
 */
public record BinlogEvent(String file, long start, long end, EventKind type, long serverId, long timestamp,
                          int flags, String gtid, String statement, boolean standalone, long bodyCrc, int typeCode) {

    /** An event of a type offramp knows, whose type code is its kind's. */
    public BinlogEvent(String file, long start, long end, EventKind type, long serverId, long timestamp,
                       int flags, String gtid, String statement, boolean standalone, long bodyCrc) {
        this(file, start, end, type, serverId, timestamp, flags, gtid, statement, standalone, bodyCrc, type.code());
    }

    /** The type as {@code mysqlbinlog} names it; for a skipped unknown type, with its code. */
    public String typeName() {
        return type == EventKind.IGNORED ? "Ignorable (type " + typeCode + ")" : type.label();
    }

    public long length() {
        return end - start;
    }

    /** The first line of the statement, at most {@code max} characters; empty when there is none. */
    public String statementHead(int max) {
        if (statement == null) {
            return "";
        }
        String oneLine = statement.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
    }

    /** True when this and {@code other} are the same bytes at the same place: what proving coordinates compares. */
    public boolean sameAs(BinlogEvent other) {
        return start == other.start && end == other.end && type == other.type && typeCode == other.typeCode
            && serverId == other.serverId
            && timestamp == other.timestamp && bodyCrc == other.bodyCrc;
    }

    /** A short description for evidence and error messages. */
    public String describe() {
        StringBuilder s = new StringBuilder().append(typeName()).append(" at ").append(start)
            .append(" end_log_pos ").append(end).append(" server_id ").append(serverId);
        if (gtid != null) {
            s.append(" GTID ").append(gtid);
        }
        if (statement != null) {
            s.append(" '").append(statementHead(40)).append("'");
        }
        return s.toString();
    }
}
