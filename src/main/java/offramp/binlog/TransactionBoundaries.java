package offramp.binlog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Follows a binlog event by event and knows, after each one, whether the stream is between transactions.
 *
 * <p>MySQL: a transaction starts at GTID or ANONYMOUS_GTID (or at QUERY {@code BEGIN} without GTIDs) and ends
 * at XID or QUERY {@code COMMIT}/{@code ROLLBACK}; a DDL is one QUERY after its GTID event. MariaDB: the GTID
 * event replaces BEGIN; with FL_STANDALONE no COMMIT follows and the next statement ends it, otherwise XID or
 * QUERY {@code COMMIT} does. Events that frame the file (FORMAT_DESCRIPTION, ROTATE, STOP, GTID lists, binlog
 * checkpoints) stand between transactions. An event of an unknown type that carries the ignorable flag (Aurora
 * MySQL's padding, type 100) is skipped, as the server skips it.
 *
 * <p>The {@link #boundary()} is the end of the last event after which no transaction is open: the only kind of
 * position where replication may start.
 */
public final class TransactionBoundaries {

    /** A complete transaction: its first event's start, its last event's end, its GTID when it has one. */
    public record Transaction(long start, long end, String gtid) {
    }

    private enum State { OUTSIDE, AFTER_MYSQL_GTID, ONE_STATEMENT, IN_TRANSACTION }

    private final int remembered;
    private final Deque<Transaction> recent = new ArrayDeque<>();
    private State state = State.OUTSIDE;
    private long boundary = -1;
    private long openStart = -1;
    private String openGtid;
    private long transactions;

    /** @param remembered how many of the last complete transactions to keep for {@link #recentTransactions()} */
    public TransactionBoundaries(int remembered) {
        this.remembered = remembered;
    }

    public void accept(BinlogEvent event) {
        EventKind.Role role = event.type().role();
        if (role == EventKind.Role.IGNORED) {
            // The server skips it (Aurora's padding sits between a GTID event and its BEGIN): it changes nothing,
            // except that between transactions the next one starts after it.
            if (state == State.OUTSIDE) {
                boundary = event.end();
            }
            return;
        }
        switch (state) {
            case OUTSIDE -> {
                switch (role) {
                    case FRAME -> boundary = event.end();
                    case MYSQL_GTID -> open(event, State.AFTER_MYSQL_GTID);
                    case MARIADB_GTID -> open(event, event.standalone() ? State.ONE_STATEMENT : State.IN_TRANSACTION);
                    case STATEMENT -> {
                        if (isBegin(event)) {
                            open(event, State.IN_TRANSACTION);
                        } else {
                            open(event, State.OUTSIDE);
                            close(event);
                        }
                    }
                    case COMMIT -> {
                        open(event, State.OUTSIDE);
                        close(event);
                    }
                    case DATA -> open(event, State.ONE_STATEMENT);
                }
            }
            case AFTER_MYSQL_GTID -> {
                switch (role) {
                    case STATEMENT -> {
                        if (isBegin(event)) {
                            state = State.IN_TRANSACTION;
                        } else {
                            close(event);
                        }
                    }
                    case COMMIT -> close(event);
                    case DATA -> {
                        // MySQL 8 writes a compressed transaction as one TRANSACTION_PAYLOAD after its GTID.
                        if (event.type() == EventKind.TRANSACTION_PAYLOAD) {
                            close(event);
                        } else {
                            state = State.ONE_STATEMENT;
                        }
                    }
                    default -> { }
                }
            }
            case ONE_STATEMENT -> {
                if (role == EventKind.Role.STATEMENT || role == EventKind.Role.COMMIT) {
                    close(event);
                }
            }
            case IN_TRANSACTION -> {
                if (role == EventKind.Role.COMMIT || (role == EventKind.Role.STATEMENT && isEnd(event))) {
                    close(event);
                }
            }
        }
    }

    private void open(BinlogEvent event, State next) {
        state = next;
        openStart = event.start();
        openGtid = event.gtid();
    }

    private void close(BinlogEvent event) {
        state = State.OUTSIDE;
        boundary = event.end();
        transactions++;
        recent.addLast(new Transaction(openStart, event.end(), openGtid));
        while (recent.size() > remembered) {
            recent.removeFirst();
        }
        openStart = -1;
        openGtid = null;
    }

    /**
     * Whether an event read between transactions opens one: a GTID event, BEGIN, or what opens a transaction the
     * same way. The position before such an event is a place where replication may start.
     */
    public static boolean opensTransaction(BinlogEvent event) {
        return event.type().isGtid() || isBegin(event);
    }

    /**
     * BEGIN, or what opens a transaction the same way: MySQL's XA START, and MySQL 8's atomic CREATE TABLE ...
     * SELECT, logged as {@code CREATE TABLE ... START TRANSACTION} with its rows and an XID after it.
     */
    private static boolean isBegin(BinlogEvent event) {
        if (event.type() != EventKind.QUERY || event.statement() == null) {
            return false;
        }
        String s = normalized(event);
        return s.equals("BEGIN") || s.startsWith("XA START") || s.startsWith("XA BEGIN")
            || (s.startsWith("CREATE") && s.endsWith("START TRANSACTION"));
    }

    /** COMMIT or ROLLBACK, but not ROLLBACK TO a savepoint, which the transaction goes on after. */
    private static boolean isEnd(BinlogEvent event) {
        String s = normalized(event);
        return keyword(event).equals("COMMIT") || s.equals("ROLLBACK");
    }

    private static String normalized(BinlogEvent event) {
        return event.statement() == null ? "" : event.statement().strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }

    private static String keyword(BinlogEvent event) {
        String sql = event.statement();
        if (sql == null) {
            return "";
        }
        String s = sql.strip();
        int space = 0;
        while (space < s.length() && Character.isLetter(s.charAt(space))) {
            space++;
        }
        return s.substring(0, space).toUpperCase(Locale.ROOT);
    }

    /** End of the last event after which no transaction was open; -1 before any such event. */
    public long boundary() {
        return boundary;
    }

    public boolean insideTransaction() {
        return state != State.OUTSIDE;
    }

    /** Start of the transaction still open after the last event; -1 when none is. */
    public long openTransactionStart() {
        return insideTransaction() ? openStart : -1;
    }

    /** GTID of the open transaction, when it has one. */
    public String openTransactionGtid() {
        return insideTransaction() ? openGtid : null;
    }

    /** The last complete transactions, oldest first. */
    public List<Transaction> recentTransactions() {
        return new ArrayList<>(recent);
    }

    public long completeTransactions() {
        return transactions;
    }
}
