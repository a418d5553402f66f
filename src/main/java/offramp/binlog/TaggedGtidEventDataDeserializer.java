package offramp.binlog;

import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads MySQL 8.4's GTID_TAGGED_LOG_EVENT (type 42), which mysql-binlog-connector-java lacks.
 *
 * <p>The body is a message in MySQL's own serialization format (libs/mysql/serialization, "mysql::serialization"
 * in the server's developer documentation): a format version, the message's size in bytes, the id of its last
 * field a reader must understand, then fields as (id, value), where an optional field left at its default is left
 * out. Every integer is variable-length: the number of trailing one bits of the first byte says how many bytes
 * follow it; signed integers keep their sign in the lowest bit of the value. A fixed array of bytes (the UUID) is
 * each byte as such an integer, a string its length then its bytes. The fields of Gtid_event::define_fields:
 * 0 gtid_flags, 1 uuid, 2 gno, 3 tag, 4 last_committed, 5 sequence_number, 6 immediate_commit_timestamp,
 * 7 original_commit_timestamp (optional), 8 transaction_length, 9 immediate_server_version,
 * 10 original_server_version (optional), 11 commit_group_ticket (optional).
 */
public final class TaggedGtidEventDataDeserializer implements EventDataDeserializer<TaggedGtidEventData> {

    private static final int LAST_KNOWN_FIELD = 11;

    @Override
    public TaggedGtidEventData deserialize(ByteArrayInputStream in) throws IOException {
        return parse(in.read(in.available()));
    }

    /** Parses a body (without header and checksum). */
    public static TaggedGtidEventData parse(byte[] body) throws IOException {
        Reader r = new Reader(body);
        r.unsigned(); // serialization format version
        long size = r.unsigned();
        long lastNonIgnorable = r.unsigned();
        if (size > body.length) {
            throw new IOException("tagged GTID event: the message claims " + size + " bytes but the body has " + body.length);
        }
        if (lastNonIgnorable > LAST_KNOWN_FIELD) {
            throw new IOException("tagged GTID event: field " + lastNonIgnorable + " must be understood, but the "
                + "format offramp knows ends at field " + LAST_KNOWN_FIELD);
        }
        long[] number = new long[LAST_KNOWN_FIELD + 1];
        boolean[] present = new boolean[LAST_KNOWN_FIELD + 1];
        StringBuilder uuid = new StringBuilder(36);
        String tag = "";
        while (r.position() < size) {
            int id = (int) r.unsigned();
            if (id > LAST_KNOWN_FIELD) {
                break; // ignorable fields of a newer format: the server writes them last
            }
            present[id] = true;
            switch (id) {
                case 1 -> {
                    for (int i = 0; i < 16; i++) {
                        if (i == 4 || i == 6 || i == 8 || i == 10) {
                            uuid.append('-');
                        }
                        uuid.append(String.format("%02x", r.unsigned() & 0xff));
                    }
                }
                case 3 -> tag = r.string();
                case 2, 4, 5 -> number[id] = r.signed();
                default -> number[id] = r.unsigned();
            }
        }
        for (int required : new int[] {0, 1, 2, 3, 4, 5, 6, 8, 9}) {
            if (!present[required]) {
                throw new IOException("tagged GTID event without its field " + required);
            }
        }
        return new TaggedGtidEventData((int) number[0], uuid.toString(), tag, number[2], number[4], number[5],
            number[6], present[7] ? number[7] : number[6], number[8], number[9], present[10] ? number[10] : number[9],
            number[11]);
    }

    /** The variable-length integers and strings of mysql::serialization. */
    private static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        int position() {
            return pos;
        }

        long unsigned() throws IOException {
            int first = take() & 0xff;
            int length = Integer.numberOfTrailingZeros(~first) + 1; // trailing ones of the first byte, plus it
            if (length > 9) {
                length = 9;
            }
            if (length == 9) {
                long value = 0;
                for (int i = 0; i < 8; i++) {
                    value |= (long) (take() & 0xff) << (8 * i);
                }
                return value;
            }
            long raw = first;
            for (int i = 1; i < length; i++) {
                raw |= (long) (take() & 0xff) << (8 * i);
            }
            return raw >>> length;
        }

        long signed() throws IOException {
            long u = unsigned();
            return (u & 1) == 0 ? u >>> 1 : -(u >>> 1) - 1;
        }

        String string() throws IOException {
            int length = (int) unsigned();
            if (pos + length > data.length) {
                throw new IOException("tagged GTID event: a string of " + length + " bytes runs past the body");
            }
            String s = new String(data, pos, length, StandardCharsets.UTF_8);
            pos += length;
            return s;
        }

        private byte take() throws IOException {
            if (pos >= data.length) {
                throw new IOException("tagged GTID event: the body ends inside a field at byte " + pos);
            }
            return data[pos++];
        }
    }
}
