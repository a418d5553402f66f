package offramp.binlog;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * Event bodies and whole binlog files of MySQL 8.0 and 8.4, written from the layouts the MySQL source documents
 * (libs/mysql/binlog/event: control_events.h for Gtid_event, rows_event.h for Rows_event, the
 * mysql::serialization page of the server's developer documentation for the tagged GTID event), for the events no
 * recorded file here holds. {@link MysqlEventLayoutsTest} checks them against the public byte vectors of
 * go-mysql-org/go-mysql.
 */
final class MysqlEventBytes {

    private MysqlEventBytes() {
    }

    // ------------------------------------------------------------------ GTID events

    /**
     * Gtid_log_event in the 8.0 layout: gtid_flags (1), SID (16), GNO (8), logical timestamp type code (1, value
     * 2), last_committed (8), sequence_number (8); then the 8.0 fields: immediate_commit_timestamp (7 bytes, bit 55
     * set when original_commit_timestamp (7) follows because it differs), transaction_length (a packed integer),
     * immediate_server_version (4 bytes, bit 31 set when original_server_version (4) follows). {@code
     * immediateCommitTimestamp < 0} writes the 5.7 layout, which ends after sequence_number.
     */
    static byte[] gtid80(int flags, String uuid, long gno, long lastCommitted, long sequenceNumber,
                         long immediateCommitTimestamp, long originalCommitTimestamp, long transactionLength,
                         int immediateServerVersion, int originalServerVersion) {
        Bytes b = new Bytes().u8(flags).raw(uuidBytes(uuid)).le(gno, 8).u8(2).le(lastCommitted, 8).le(sequenceNumber, 8);
        if (immediateCommitTimestamp < 0) {
            return b.toArray();
        }
        boolean originalTs = originalCommitTimestamp != immediateCommitTimestamp;
        b.le(immediateCommitTimestamp | (originalTs ? 1L << 55 : 0), 7);
        if (originalTs) {
            b.le(originalCommitTimestamp, 7);
        }
        b.packed(transactionLength);
        boolean originalVersion = originalServerVersion != immediateServerVersion;
        b.le((immediateServerVersion & 0xffffffffL) | (originalVersion ? 1L << 31 : 0), 4);
        if (originalVersion) {
            b.le(originalServerVersion, 4);
        }
        return b.toArray();
    }

    /**
     * GTID_TAGGED_LOG_EVENT (MySQL 8.4) as a mysql::serialization message: version 1, the message size, the last
     * non-ignorable field (0), then each field as its id and value. Optional fields equal to their default
     * (original timestamp and version equal to the immediate ones, commit_group_ticket 0) are left out, as the
     * server leaves them out.
     */
    static byte[] gtidTagged(int flags, String uuid, long gno, String tag, long lastCommitted, long sequenceNumber,
                             long immediateCommitTimestamp, long originalCommitTimestamp, long transactionLength,
                             long immediateServerVersion, long originalServerVersion) {
        Bytes fields = new Bytes();
        fields.var(0).var(flags);
        fields.var(1);
        for (byte x : uuidBytes(uuid)) {
            fields.var(x & 0xff);
        }
        fields.var(2).signedVar(gno);
        byte[] t = tag.getBytes(StandardCharsets.UTF_8);
        fields.var(3).var(t.length).raw(t);
        fields.var(4).signedVar(lastCommitted);
        fields.var(5).signedVar(sequenceNumber);
        fields.var(6).var(immediateCommitTimestamp);
        if (originalCommitTimestamp != immediateCommitTimestamp) {
            fields.var(7).var(originalCommitTimestamp);
        }
        fields.var(8).var(transactionLength);
        fields.var(9).var(immediateServerVersion);
        if (originalServerVersion != immediateServerVersion) {
            fields.var(10).var(originalServerVersion);
        }
        byte[] body = fields.toArray();
        // The size counts the whole message, its own bytes included.
        int size = 1 + 1 + body.length + 1;
        while (1 + new Bytes().var(size).toArray().length + 1 + body.length != size) {
            size = 1 + new Bytes().var(size).toArray().length + 1 + body.length;
        }
        return new Bytes().var(1).var(size).var(0).raw(body).toArray();
    }

    // ------------------------------------------------------------------ rows

    /**
     * The after image of a PARTIAL_UPDATE_ROWS row: value_options (a packed integer; bit 0 PARTIAL_JSON_UPDATES),
     * with that bit a bitmap with one bit per JSON column that is a partial update, then the null bitmap and the
     * column values, where a partially updated JSON column is its length (as many bytes as its metadata says) and
     * its diffs.
     */
    static byte[] partialAfterImage(int valueOptions, byte[] partialBits, byte[] nullBits, byte[]... values) {
        Bytes b = new Bytes().packed(valueOptions);
        if ((valueOptions & 1) != 0) {
            b.raw(partialBits);
        }
        b.raw(nullBits);
        for (byte[] v : values) {
            b.raw(v);
        }
        return b.toArray();
    }

    /**
     * A PARTIAL_UPDATE_ROWS body for a table (id INT, doc JSON): table id (6), flags (2, STMT_END_F), extra row
     * info length (2, just itself), column count, the before and after column bitmaps, the before image (null
     * bitmap, id, doc as a 4-byte length and the JSON binary), then the after image with doc as a partial update of
     * no diffs.
     */
    static byte[] partialUpdateRows(long tableId, int id) {
        byte[] docBefore = {0x00, 0x00, 0x00, 0x04, 0x00}; // JSON binary: an empty object (count 0, size 4)
        return new Bytes().le(tableId, 6).le(1, 2).le(2, 2).packed(2).u8(0b11).u8(0b11)
            .u8(0).le(id, 4).le(docBefore.length, 4).raw(docBefore)
            .raw(partialAfterImage(1, new byte[] {0b1}, new byte[] {0}, le(id, 4), le(0, 4)))
            .toArray();
    }

    /** TABLE_MAP for {@code db.table (id INT, doc JSON)}: JSON's metadata is its length's size, 4. */
    static byte[] tableMap(long tableId, String db, String table) {
        byte[] d = db.getBytes(StandardCharsets.UTF_8);
        byte[] t = table.getBytes(StandardCharsets.UTF_8);
        return new Bytes().le(tableId, 6).le(1, 2).u8(d.length).raw(d).u8(0).u8(t.length).raw(t).u8(0)
            .packed(2).u8(3).u8(245).packed(1).u8(4).u8(0b10).toArray();
    }

    // ------------------------------------------------------------------ statements and frames

    /** QUERY: thread id, exec time, schema length, error code, no status variables, schema, NUL, statement. */
    static byte[] query(String schema, String sql) {
        byte[] s = schema.getBytes(StandardCharsets.UTF_8);
        return new Bytes().le(7, 4).le(0, 4).u8(s.length).le(0, 2).le(0, 2).raw(s).u8(0)
            .raw(sql.getBytes(StandardCharsets.UTF_8)).toArray();
    }

    static byte[] xid(long xid) {
        return le(xid, 8);
    }

    /** PREVIOUS_GTIDS of an empty set: the number of SIDs, 0. */
    static byte[] previousGtidsEmpty() {
        return le(0, 8);
    }

    /**
     * FORMAT_DESCRIPTION of a MySQL 8.4 server: binlog version 4, server version (50), create timestamp, header
     * length 19, one post-header length for each event type 1..42, then the checksum algorithm (1 = CRC32). The
     * entry for FORMAT_DESCRIPTION (type 15) is the length of this body before the checksum algorithm.
     */
    static byte[] formatDescription(String serverVersion) {
        int types = 42;
        byte[] postHeader = new byte[types];
        postHeader[15 - 1] = (byte) (2 + 50 + 4 + 1 + types);
        byte[] version = new byte[50];
        byte[] v = serverVersion.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(v, 0, version, 0, v.length);
        return new Bytes().le(4, 2).raw(version).le(0, 4).u8(19).raw(postHeader).u8(1).toArray();
    }

    // ------------------------------------------------------------------ files

    /**
     * A binlog file, event by event, as a server with CRC32 checksums writes it: magic, then each event's 19-byte
     * header (timestamp, type, server id, event size, end position, flags), its body and the CRC32 of both.
     */
    static final class File {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final long serverId;

        File(long serverId) {
            this.serverId = serverId;
            out.writeBytes(new byte[] {(byte) 0xfe, 'b', 'i', 'n'});
        }

        /** The position the next event starts at. */
        long position() {
            return out.size();
        }

        File event(int type, byte[] body) {
            return event(type, 0, body);
        }

        File event(int type, int flags, byte[] body) {
            int size = 19 + body.length + 4;
            long end = out.size() + size;
            byte[] header = new Bytes().le(1_700_000_000L, 4).u8(type).le(serverId, 4).le(size, 4).le(end, 4)
                .le(flags, 2).toArray();
            CRC32 crc = new CRC32();
            crc.update(header);
            crc.update(body);
            out.writeBytes(header);
            out.writeBytes(body);
            out.writeBytes(le(crc.getValue(), 4));
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    // ------------------------------------------------------------------ encodings

    static byte[] le(long value, int bytes) {
        return new Bytes().le(value, bytes).toArray();
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    static byte[] uuidBytes(String uuid) {
        UUID u = UUID.fromString(uuid);
        return new Bytes().be(u.getMostSignificantBits(), 8).be(u.getLeastSignificantBits(), 8).toArray();
    }

    /** A little builder of bytes in the encodings binlog events use. */
    static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes u8(int v) {
            out.write(v & 0xff);
            return this;
        }

        Bytes raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        Bytes le(long v, int bytes) {
            for (int i = 0; i < bytes; i++) {
                out.write((int) (v >>> (8 * i)) & 0xff);
            }
            return this;
        }

        Bytes be(long v, int bytes) {
            for (int i = bytes - 1; i >= 0; i--) {
                out.write((int) (v >>> (8 * i)) & 0xff);
            }
            return this;
        }

        /** The protocol's length-encoded integer (net_field_length): 1, 3, 4 or 9 bytes. */
        Bytes packed(long v) {
            if (v < 251) {
                return u8((int) v);
            }
            if (v < 1 << 16) {
                return u8(0xfc).le(v, 2);
            }
            if (v < 1 << 24) {
                return u8(0xfd).le(v, 3);
            }
            return u8(0xfe).le(v, 8);
        }

        /**
         * mysql::serialization's variable-length unsigned integer: n trailing one bits in the first byte say n more
         * bytes follow; the value sits above them, little-endian. Nine bytes (first byte 0xff) carry the value in
         * the last eight.
         */
        Bytes var(long v) {
            for (int k = 1; k <= 8; k++) {
                if (v >>> (7 * k) == 0) {
                    return le((v << k) | ((1L << (k - 1)) - 1), k);
                }
            }
            return u8(0xff).le(v, 8);
        }

        /** The signed variant: the sign in the lowest bit, then the magnitude (minus one when negative). */
        Bytes signedVar(long v) {
            return var(v >= 0 ? v << 1 : ((-(v + 1)) << 1) | 1);
        }

        byte[] toArray() {
            return out.toByteArray();
        }
    }
}
