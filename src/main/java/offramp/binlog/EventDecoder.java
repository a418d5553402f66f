package offramp.binlog;

import com.github.shyiko.mysql.binlog.event.AnnotateRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.GtidTaggedEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.AnnotateRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventHeaderDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.GtidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.GtidTaggedEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.MariadbGtidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.QueryEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.RotateEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;

import java.io.IOException;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Turns the binlog library's events into {@link BinlogEvent}s. The same decoder serves files and server
 * streams, so a position or checksum never depends on where the bytes came from.
 *
 * <p>Only the events whose content offramp shows or reasons about are parsed (GTIDs, statements, rotations);
 * every other body, rows included, is only digested. That keeps reading a large file cheap and immune to
 * column types the library cannot decode.
 *
 * <p>Types the library does not name arrive as its UNKNOWN type; the raw code in the header tells them apart: an
 * unknown type is skipped when it carries the ignorable flag, as the server skips it (Aurora MySQL writes such
 * padding, type 100), and refused otherwise, since a reader that guessed could not tell where transactions end.
 */
public final class EventDecoder {

    private static final Map<EventType, EventDataDeserializer<?>> PARSED = Map.of(
        EventType.QUERY, new QueryEventDataDeserializer(),
        EventType.GTID, new GtidEventDataDeserializer(),
        EventType.ANONYMOUS_GTID, new GtidEventDataDeserializer(),
        EventType.GTID_TAGGED, new GtidTaggedEventDataDeserializer(),
        EventType.MARIADB_GTID, new MariadbGtidEventDataDeserializer(),
        EventType.ANNOTATE_ROWS, new AnnotateRowsEventDataDeserializer(),
        EventType.ROTATE, new RotateEventDataDeserializer());

    /**
     * MySQL 8's compressed transactions: the library casts this body to its own type, so it is left to the
     * library and not digested. (FORMAT_DESCRIPTION and TABLE_MAP, which the library also needs, it parses on a
     * copy of the body beside our digest.)
     */
    private static final EventType KEPT_AS_IS = EventType.TRANSACTION_PAYLOAD;

    private final CRC32 crc = new CRC32();
    private final EventDeserializer deserializer;
    private long lastBodyCrc;

    public EventDecoder() {
        deserializer = new EventDeserializer(new TypedHeaderDeserializer());
        for (EventType type : EventType.values()) {
            if (type != KEPT_AS_IS) {
                deserializer.setEventDataDeserializer(type, new Digesting(PARSED.get(type)));
            }
        }
    }

    /** The library deserializer to hand to a file reader or a replication client. */
    public EventDeserializer deserializer() {
        return deserializer;
    }

    /**
     * True for events a server makes up while streaming (the fake ROTATE and FORMAT_DESCRIPTION at the start of
     * a dump): they have no place in any file.
     */
    public static boolean isArtificial(Event event) {
        EventHeaderV4 header = event.getHeader();
        return header.getNextPosition() == 0 || (header.getFlags() & 0x20) != 0;
    }

    /**
     * Converts an event read from {@code file}; the CRC is that of the body digested last.
     *
     * @throws BinlogReadException for an event of a type offramp does not know that lacks the ignorable flag
     */
    public BinlogEvent decode(String file, Event event) throws BinlogReadException {
        TypedHeader header = event.getHeader();
        EventKind kind = EventKind.of(header.typeCode());
        long end = header.getNextPosition();
        long start = end - header.getEventLength();
        if (kind == EventKind.UNKNOWN) {
            if ((header.getFlags() & EventKind.IGNORABLE_FLAG) == 0) {
                throw new BinlogReadException(file + ": event type " + header.typeCode() + " at " + start
                    + " (end_log_pos " + end + ", server_id " + header.getServerId() + ") is a type offramp does not "
                    + "know and it lacks the ignorable flag (0x80), so the server that wrote it requires readers to "
                    + "understand it: offramp cannot tell where transactions end in this file", 0, null);
            }
            kind = EventKind.IGNORED;
        }
        EventData data = EventDeserializer.EventDataWrapper.internal(event.getData());
        String gtid = null;
        String statement = null;
        boolean standalone = false;
        if (data instanceof GtidEventData g) {
            // ANONYMOUS_GTID carries the zero UUID and number 0: there is no GTID to show.
            gtid = g.getMySqlGtid() == null || kind == EventKind.ANONYMOUS_GTID ? null : g.getMySqlGtid().toString();
        } else if (data instanceof GtidTaggedEventData g) {
            gtid = g.getMySqlGtid().toString();
        } else if (data instanceof MariadbGtidEventData g) {
            gtid = g.getDomainId() + "-" + header.getServerId() + "-" + g.getSequence();
            standalone = (g.getFlags() & MariadbGtidEventData.FL_STANDALONE) != 0;
        } else if (data instanceof QueryEventData q) {
            statement = q.getSql();
        } else if (data instanceof AnnotateRowsEventData a) {
            statement = a.getRowsQuery();
        } else if (data instanceof RotateEventData r) {
            statement = r.getBinlogFilename() + ":" + r.getBinlogPosition();
        }
        long bodyCrc = kind == EventKind.TRANSACTION_PAYLOAD ? 0 : lastBodyCrc;
        return new BinlogEvent(file, start, end, kind, header.getServerId(), header.getTimestamp() / 1000,
            header.getFlags(), gtid, statement, standalone, bodyCrc, header.typeCode());
    }

    /** The target file of a ROTATE event, or null for any other event. */
    public static String rotatesTo(Event event) {
        EventData data = EventDeserializer.EventDataWrapper.internal(event.getData());
        return data instanceof RotateEventData r ? r.getBinlogFilename() : null;
    }

    /** Digests a body, then parses it when a parser is given (otherwise the event's data is null). */
    private class Digesting implements EventDataDeserializer<EventData> {
        private final EventDataDeserializer<?> parser;

        Digesting(EventDataDeserializer<?> parser) {
            this.parser = parser;
        }

        @Override
        public EventData deserialize(ByteArrayInputStream in) throws IOException {
            byte[] body = in.read(in.available());
            crc.reset();
            crc.update(body);
            lastBodyCrc = crc.getValue();
            return parser == null ? null : parser.deserialize(new ByteArrayInputStream(body));
        }
    }

    /** An event header that keeps the raw type code, so MariaDB types the library does not name still show. */
    public static final class TypedHeader extends EventHeaderV4 {
        private int typeCode;

        public int typeCode() {
            return typeCode;
        }
    }

    private final class TypedHeaderDeserializer implements EventHeaderDeserializer<TypedHeader> {
        @Override
        public TypedHeader deserialize(ByteArrayInputStream in) throws IOException {
            TypedHeader header = new TypedHeader();
            header.setTimestamp(in.readLong(4) * 1000L);
            header.typeCode = in.readInteger(1);
            EventType type = EventType.byEventNumber(header.typeCode);
            header.setEventType(type == null ? EventType.UNKNOWN : type);
            header.setServerId(in.readLong(4));
            header.setEventLength(in.readLong(4));
            header.setNextPosition(in.readLong(4));
            header.setFlags(in.readInteger(2));
            return header;
        }
    }
}
