package offramp.copy;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The LOAD DATA encoding, checked by decoding what it writes with a decoder of the format as the MySQL manual
 * describes it for {@code FIELDS TERMINATED BY '\t' ESCAPED BY '\\' LINES TERMINATED BY '\n'}.
 */
class LoadDataFormatTest {

    @Test
    void everyEdgeValueComesBackAsItWent() throws IOException {
        List<byte[]> values = LoadDataValues.edges();
        List<List<byte[]>> rows = values.stream().map(v -> Arrays.asList(new byte[] {1}, v, new byte[] {2})).toList();
        assertRows(rows, decode(encode(rows, 3, new Random(1))), 3);
    }

    @Test
    void generatedValuesComeBackAsTheyWent() throws IOException {
        for (long seed = 1; seed <= 20; seed++) {
            List<byte[]> values = LoadDataValues.generated(seed, 300);
            int columns = 1 + (int) (seed % 4);
            List<List<byte[]>> rows = new ArrayList<>();
            for (int i = 0; i + columns <= values.size(); i += columns) {
                rows.add(values.subList(i, i + columns));
            }
            assertRows(rows, decode(encode(rows, columns, new Random(seed))), columns);
        }
    }

    @Test
    void nullAndTheTextsThatLookLikeItAreDistinct() throws IOException {
        List<List<byte[]>> rows = List.of(nullRow(), List.of("NULL".getBytes()), List.of("\\N".getBytes()), List.of(new byte[0]));
        List<List<byte[]>> back = decode(encode(rows, 1, new Random(2)));
        assertNull(back.get(0).get(0));
        assertEquals("NULL", new String(back.get(1).get(0)));
        assertEquals("\\N", new String(back.get(2).get(0)));
        assertEquals(0, back.get(3).get(0).length);
    }

    @Test
    void onlyTheFormatsOwnBytesAreEscaped() {
        byte[] value = {'a', '\t', 'b', '\n', '\\', 0, '\r', 0x1a};
        byte[] into = new byte[LoadDataFormat.maxLength(value)];
        int end = LoadDataFormat.writeValue(value, into, 0);
        assertArrayEquals(new byte[] {'a', '\\', 't', 'b', '\\', 'n', '\\', '\\', 0, '\r', 0x1a}, Arrays.copyOf(into, end));
    }

    @Test
    void theStreamCountsRowsAndTheBytesItHandsOut() throws IOException {
        List<List<byte[]>> rows = new ArrayList<>();
        for (byte[] v : LoadDataValues.generated(7, 50)) {
            rows.add(Arrays.asList(v, new byte[] {'x'}));
        }
        AtomicLong told = new AtomicLong();
        LoadDataStream stream = new LoadDataStream(rows(rows), 2, told::addAndGet);
        byte[] all = stream.readAllBytes();
        assertEquals(50, stream.rows());
        assertEquals(all.length, stream.bytes());
        assertEquals(all.length, told.get());
    }

    private static List<byte[]> nullRow() {
        return Arrays.asList((byte[]) null);
    }

    private static void assertRows(List<List<byte[]>> expected, List<List<byte[]>> actual, int columns) {
        assertEquals(expected.size(), actual.size());
        for (int r = 0; r < expected.size(); r++) {
            assertEquals(columns, actual.get(r).size(), "row " + r);
            for (int c = 0; c < columns; c++) {
                byte[] e = expected.get(r).get(c);
                byte[] a = actual.get(r).get(c);
                if (e == null) {
                    assertNull(a, "row " + r + " column " + c);
                } else {
                    assertArrayEquals(e, a, "row " + r + " column " + c);
                }
            }
        }
    }

    /** The stream's bytes, read in pieces of random sizes as a driver might. */
    private static byte[] encode(List<List<byte[]>> rows, int columns, Random random) throws IOException {
        InputStream in = new LoadDataStream(rows(rows), columns, n -> { });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] piece = new byte[70_000];
        int n;
        while ((n = in.read(piece, 0, 1 + random.nextInt(piece.length))) >= 0) {
            out.write(piece, 0, n);
        }
        return out.toByteArray();
    }

    private static LoadDataStream.Rows rows(List<List<byte[]>> rows) {
        return new LoadDataStream.Rows() {
            private int at = -1;

            @Override
            public boolean next() {
                return ++at < rows.size();
            }

            @Override
            public byte[] value(int column) {
                return rows.get(at).get(column - 1);
            }
        };
    }

    /**
     * LOAD DATA's reading of the format, from the manual: a backslash escapes the next byte ({@code \0}, {@code \b},
     * {@code \n}, {@code \r}, {@code \t}, {@code \Z} stand for NUL, backspace, newline, carriage return, tab and
     * Ctrl-Z; any other byte for itself), a field that is exactly {@code \N} is NULL, an unescaped tab ends a
     * field and an unescaped newline a row.
     */
    static List<List<byte[]>> decode(byte[] data) {
        List<List<byte[]>> rows = new ArrayList<>();
        List<byte[]> row = new ArrayList<>();
        ByteArrayOutputStream field = new ByteArrayOutputStream();
        boolean escapedNullOnly = false;
        int escapes = 0;
        for (int i = 0; i < data.length; i++) {
            byte b = data[i];
            if (b == '\\') {
                assertTrue(i + 1 < data.length, "a backslash ends the stream");
                byte next = data[++i];
                escapes++;
                escapedNullOnly = next == 'N' && field.size() == 0 && escapes == 1;
                field.write(switch (next) {
                    case '0' -> 0;
                    case 'b' -> '\b';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'Z' -> 0x1a;
                    default -> next;
                });
                continue;
            }
            if (b == '\t' || b == '\n') {
                row.add(escapedNullOnly && field.size() == 1 ? null : field.toByteArray());
                field.reset();
                escapedNullOnly = false;
                escapes = 0;
                if (b == '\n') {
                    rows.add(row);
                    row = new ArrayList<>();
                }
                continue;
            }
            escapedNullOnly = false;
            field.write(b);
        }
        assertEquals(0, field.size(), "the stream ends inside a row");
        assertTrue(row.isEmpty(), "the stream ends inside a row");
        return rows;
    }
}
