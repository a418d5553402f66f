package offramp.binlog;

import java.util.HashMap;
import java.util.Map;

/**
 * Binlog event types of MySQL and MariaDB, by their type code, with the part each plays in a transaction.
 * Codes and names follow the servers' {@code Log_event_type} enums; {@link #UNKNOWN} keeps any other code.
 */
public enum EventKind {
    START_V3(1, "Start_v3", Role.FRAME),
    QUERY(2, "Query", Role.STATEMENT),
    STOP(3, "Stop", Role.FRAME),
    ROTATE(4, "Rotate", Role.FRAME),
    INTVAR(5, "Intvar", Role.DATA),
    LOAD(6, "Load", Role.STATEMENT),
    SLAVE(7, "Slave", Role.FRAME),
    CREATE_FILE(8, "Create_file", Role.DATA),
    APPEND_BLOCK(9, "Append_block", Role.DATA),
    EXEC_LOAD(10, "Exec_load", Role.STATEMENT),
    DELETE_FILE(11, "Delete_file", Role.DATA),
    NEW_LOAD(12, "New_load", Role.STATEMENT),
    RAND(13, "Rand", Role.DATA),
    USER_VAR(14, "User_var", Role.DATA),
    FORMAT_DESCRIPTION(15, "Format_desc", Role.FRAME),
    XID(16, "Xid", Role.COMMIT),
    BEGIN_LOAD_QUERY(17, "Begin_load_query", Role.DATA),
    EXECUTE_LOAD_QUERY(18, "Execute_load_query", Role.STATEMENT),
    TABLE_MAP(19, "Table_map", Role.DATA),
    PRE_GA_WRITE_ROWS(20, "Write_rows_pre_ga", Role.DATA),
    PRE_GA_UPDATE_ROWS(21, "Update_rows_pre_ga", Role.DATA),
    PRE_GA_DELETE_ROWS(22, "Delete_rows_pre_ga", Role.DATA),
    WRITE_ROWS_V1(23, "Write_rows_v1", Role.DATA),
    UPDATE_ROWS_V1(24, "Update_rows_v1", Role.DATA),
    DELETE_ROWS_V1(25, "Delete_rows_v1", Role.DATA),
    INCIDENT(26, "Incident", Role.FRAME),
    HEARTBEAT(27, "Heartbeat", Role.FRAME),
    IGNORABLE(28, "Ignorable", Role.DATA),
    ROWS_QUERY(29, "Rows_query", Role.DATA),
    WRITE_ROWS(30, "Write_rows", Role.DATA),
    UPDATE_ROWS(31, "Update_rows", Role.DATA),
    DELETE_ROWS(32, "Delete_rows", Role.DATA),
    GTID(33, "Gtid", Role.MYSQL_GTID),
    ANONYMOUS_GTID(34, "Anonymous_Gtid", Role.MYSQL_GTID),
    PREVIOUS_GTIDS(35, "Previous_gtids", Role.FRAME),
    TRANSACTION_CONTEXT(36, "Transaction_context", Role.DATA),
    VIEW_CHANGE(37, "View_change", Role.DATA),
    XA_PREPARE(38, "XA_prepare", Role.COMMIT),
    PARTIAL_UPDATE_ROWS(39, "Partial_update_rows", Role.DATA),
    TRANSACTION_PAYLOAD(40, "Transaction_payload", Role.DATA),
    HEARTBEAT_V2(41, "Heartbeat_v2", Role.FRAME),
    /** MySQL 8.4's GTID event for a tagged GTID ({@code UUID:TAG:NUMBER}), in the mysql::serialization format. */
    GTID_TAGGED(42, "Gtid_tagged", Role.MYSQL_GTID),
    ANNOTATE_ROWS(160, "Annotate_rows", Role.DATA),
    BINLOG_CHECKPOINT(161, "Binlog_checkpoint", Role.FRAME),
    MARIADB_GTID(162, "Gtid", Role.MARIADB_GTID),
    MARIADB_GTID_LIST(163, "Gtid_list", Role.FRAME),
    START_ENCRYPTION(164, "Start_encryption", Role.FRAME),
    QUERY_COMPRESSED(165, "Query_compressed", Role.STATEMENT),
    WRITE_ROWS_COMPRESSED_V1(166, "Write_rows_compressed_v1", Role.DATA),
    UPDATE_ROWS_COMPRESSED_V1(167, "Update_rows_compressed_v1", Role.DATA),
    DELETE_ROWS_COMPRESSED_V1(168, "Delete_rows_compressed_v1", Role.DATA),
    WRITE_ROWS_COMPRESSED(169, "Write_rows_compressed", Role.DATA),
    UPDATE_ROWS_COMPRESSED(170, "Update_rows_compressed", Role.DATA),
    DELETE_ROWS_COMPRESSED(171, "Delete_rows_compressed", Role.DATA),
    /**
     * A type offramp does not know, written with the ignorable flag ({@link #IGNORABLE_FLAG}), such as the padding
     * Aurora MySQL writes as type 100: the server skips it, and so does offramp. {@link BinlogEvent#typeCode()}
     * keeps the type.
     */
    IGNORED(-2, "Ignorable", Role.IGNORED),
    /** A type offramp does not know; {@link EventDecoder} refuses it unless it carries the ignorable flag. */
    UNKNOWN(-1, "Unknown", Role.DATA);

    /**
     * LOG_EVENT_IGNORABLE_F in the header flags: a server that does not know the event's type may skip it (MySQL
     * {@code Log_event::read_log_event}, MariaDB likewise). Without the flag an unknown event is an error.
     */
    public static final int IGNORABLE_FLAG = 0x80;

    /** What an event does to the transaction it is part of; see {@link TransactionBoundaries}. */
    public enum Role {
        /** Describes the file or the stream, never part of a transaction (FDE, ROTATE, STOP, GTID lists). */
        FRAME,
        /** MySQL GTID or ANONYMOUS_GTID: a transaction starts here; the next QUERY says whether it is DDL. */
        MYSQL_GTID,
        /** MariaDB GTID: a transaction starts here; its standalone flag says whether a COMMIT follows. */
        MARIADB_GTID,
        /** A statement: BEGIN, COMMIT, ROLLBACK or anything else, told apart by its text. */
        STATEMENT,
        /** Ends a transaction (XID, XA_PREPARE). */
        COMMIT,
        /** Part of a transaction's body: rows, table maps, variables. */
        DATA,
        /**
         * An event of an unknown type that the server skips because of its ignorable flag: it neither opens nor
         * ends a transaction, and between transactions it stands like a frame.
         */
        IGNORED
    }

    private static final Map<Integer, EventKind> BY_CODE = new HashMap<>();

    static {
        for (EventKind kind : values()) {
            if (kind.code >= 0) {
                BY_CODE.put(kind.code, kind);
            }
        }
    }

    private final int code;
    private final String label;
    private final Role role;

    EventKind(int code, String label, Role role) {
        this.code = code;
        this.label = label;
        this.role = role;
    }

    public static EventKind of(int code) {
        return BY_CODE.getOrDefault(code, UNKNOWN);
    }

    public int code() {
        return code;
    }

    public String label() {
        return label;
    }

    public Role role() {
        return role;
    }

    /** A GTID event of either flavor (MySQL's anonymous one included): it opens the transaction that follows it. */
    public boolean isGtid() {
        return role == Role.MYSQL_GTID || role == Role.MARIADB_GTID;
    }
}
