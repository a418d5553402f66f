package offramp.binlog;

import offramp.server.Endpoint;
import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.network.ServerException;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads what a server's binlog says was changed between two positions: for each rows event, its table and the rows'
 * images (before images of updates and deletes, after images of inserts and updates); for each statement that is
 * not transaction control (DDL, TRUNCATE, statement-format DML), its default schema and text. Unlike
 * {@link ServerBinlogReader}, which only digests row bodies, this decodes them, with the binlog library's row
 * decoder; strings and binary values come as bytes, dates and times as numbers, so that no value is ever converted.
 */
public final class RowChangeReader {

    /** What the binlog says, event by event. */
    public interface Changes {
        /**
         * @param end      where the event ends: the change is in the binlog up to there
         * @param included which of the table's columns the images hold, by position (MINIMAL row images hold fewer)
         * @param images   every image the event holds, each with a value per included column, in column order
         */
        void rows(String schema, String table, long serverId, BinlogCoordinates end, BitSet included, List<Serializable[]> images);

        void statement(String schema, String sql, long serverId, BinlogCoordinates end);
    }

    private final Endpoint endpoint;

    public RowChangeReader(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Reads from {@code from} until the first event that ends after {@code to}, or the end of the binlog. */
    public void read(BinlogCoordinates from, BinlogCoordinates to, Changes changes) throws IOException {
        BinaryLogClient client = ServerBinlogReader.client(endpoint, from.file(), from.position());
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.setCompatibilityMode(EventDeserializer.CompatibilityMode.DATE_AND_TIME_AS_LONG_MICRO,
            EventDeserializer.CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY,
            EventDeserializer.CompatibilityMode.INVALID_DATE_AND_TIME_AS_MIN_VALUE);
        client.setEventDeserializer(deserializer);
        Map<Long, TableMapEventData> tables = new HashMap<>();
        String[] file = {from.file()};
        AtomicReference<Exception> failure = ServerBinlogReader.failures(client);
        client.registerEventListener(event -> {
            EventData data = event.getData();
            if (data instanceof RotateEventData rotate) {
                file[0] = rotate.getBinlogFilename();
                return;
            }
            if (!(event.getHeader() instanceof EventHeaderV4 header) || header.getNextPosition() == 0) {
                return;
            }
            BinlogCoordinates end = new BinlogCoordinates(file[0], header.getNextPosition());
            if (end.compareTo(to) > 0) {
                ServerBinlogReader.disconnect(client);
                return;
            }
            long serverId = header.getServerId();
            if (data instanceof TableMapEventData map) {
                tables.put(map.getTableId(), map);
            } else if (data instanceof WriteRowsEventData w) {
                rows(changes, tables.get(w.getTableId()), serverId, end, w.getIncludedColumns(), w.getRows());
            } else if (data instanceof DeleteRowsEventData d) {
                rows(changes, tables.get(d.getTableId()), serverId, end, d.getIncludedColumns(), d.getRows());
            } else if (data instanceof UpdateRowsEventData u) {
                List<Serializable[]> before = new ArrayList<>();
                List<Serializable[]> after = new ArrayList<>();
                u.getRows().forEach(r -> {
                    before.add(r.getKey());
                    after.add(r.getValue());
                });
                rows(changes, tables.get(u.getTableId()), serverId, end, u.getIncludedColumnsBeforeUpdate(), before);
                rows(changes, tables.get(u.getTableId()), serverId, end, u.getIncludedColumns(), after);
            } else if (data instanceof QueryEventData q && !transactionControl(q.getSql())) {
                changes.statement(q.getDatabase(), q.getSql(), serverId, end);
            }
        });
        try {
            client.connect();
        } catch (ServerException e) {
            throw new ServerBinlogReader(endpoint).refused(from.file(), from.position(), e);
        } catch (IOException e) {
            throw new BinlogReadException("cannot read binlog from the " + endpoint + ": " + e.getMessage(), 0, e);
        }
        Exception error = failure.get();
        if (error != null) {
            throw new BinlogReadException("reading the changes from " + from + " on the " + endpoint + " failed: "
                + error.getMessage(), 0, error);
        }
    }

    private static void rows(Changes changes, TableMapEventData table, long serverId, BinlogCoordinates end, BitSet included,
                             List<Serializable[]> images) {
        if (table == null) {
            throw new IllegalStateException("a rows event at " + end + " without its table map");
        }
        changes.rows(table.getDatabase(), table.getTable(), serverId, end, included, images);
    }

    /** BEGIN, COMMIT, ROLLBACK, XA and SAVEPOINT change no table by themselves. */
    static boolean transactionControl(String sql) {
        String head = sql.strip().toUpperCase(Locale.ROOT);
        return head.equals("BEGIN") || head.equals("COMMIT") || head.startsWith("ROLLBACK") || head.startsWith("XA ")
            || head.startsWith("SAVEPOINT") || head.startsWith("RELEASE SAVEPOINT");
    }
}
