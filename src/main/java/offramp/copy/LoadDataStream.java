package offramp.copy;

import java.io.IOException;
import java.io.InputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.LongConsumer;

/**
 * The rows of a streaming result set as LOAD DATA reads them, each value written by {@link LoadDataFormat}. Rows
 * are encoded as the driver asks for bytes, so at most one row and one buffer are in memory, whatever the table's
 * size.
 */
public final class LoadDataStream extends InputStream {

    private static final int FLUSH_AT = 64 * 1024;

    /** Rows one at a time, each value as bytes, {@code null} for NULL. */
    public interface Rows {

        /** Moves to the next row; false when there is none. */
        boolean next() throws SQLException;

        /** The value of a column of the current row, from 1; {@code null} for NULL. */
        byte[] value(int column) throws SQLException;

        static Rows of(ResultSet rs) {
            return new Rows() {
                @Override
                public boolean next() throws SQLException {
                    return rs.next();
                }

                @Override
                public byte[] value(int column) throws SQLException {
                    return rs.getBytes(column);
                }
            };
        }
    }

    private final Rows rows;
    private final int columns;
    private byte[] buffer = new byte[FLUSH_AT * 2];
    private int length;
    private int offset;
    private boolean exhausted;
    private long rowCount;
    private long byteCount;

    private final LongConsumer onRead;

    /** @param onRead told how many bytes the reader took, each time it takes some */
    public LoadDataStream(Rows rows, int columns, LongConsumer onRead) {
        this.rows = rows;
        this.columns = columns;
        this.onRead = onRead;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int at, int len) throws IOException {
        if (offset == length && !fill()) {
            return -1;
        }
        int n = Math.min(len, length - offset);
        System.arraycopy(buffer, offset, into, at, n);
        offset += n;
        onRead.accept(n);
        return n;
    }

    private boolean fill() throws IOException {
        offset = 0;
        length = 0;
        if (buffer.length > FLUSH_AT * 4) {
            buffer = new byte[FLUSH_AT * 2]; // a huge row has passed: do not keep its buffer
        }
        try {
            while (!exhausted && length < FLUSH_AT) {
                if (!rows.next()) {
                    exhausted = true;
                    break;
                }
                encodeRow();
                rowCount++;
            }
        } catch (SQLException e) {
            throw new IOException("reading rows from the source failed: " + e.getMessage(), e);
        }
        byteCount += length;
        return length > 0;
    }

    private void encodeRow() throws SQLException {
        for (int i = 1; i <= columns; i++) {
            if (i > 1) {
                put(LoadDataFormat.FIELD_END);
            }
            byte[] value = rows.value(i);
            ensure(LoadDataFormat.maxLength(value));
            length = LoadDataFormat.writeValue(value, buffer, length);
        }
        put(LoadDataFormat.ROW_END);
    }

    private void put(byte b) {
        ensure(1);
        buffer[length++] = b;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            byte[] bigger = new byte[Math.max(buffer.length * 2, length + more)];
            System.arraycopy(buffer, 0, bigger, 0, length);
            buffer = bigger;
        }
    }

    /** Rows encoded so far. */
    public long rows() {
        return rowCount;
    }

    /** Bytes encoded so far. */
    public long bytes() {
        return byteCount;
    }
}
