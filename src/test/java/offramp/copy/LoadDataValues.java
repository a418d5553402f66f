package offramp.copy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Values that test the LOAD DATA encoding: the edge values (NULL, empty, the word NULL, a literal {@code \N},
 * tabs, newlines, backslashes, carriage returns, NUL and Ctrl-Z bytes, every byte value) and then values drawn
 * from a seeded generator, biased towards the bytes the format treats specially. {@code null} stands for NULL.
 */
final class LoadDataValues {

    private static final byte[] SPECIAL = {'\\', '\t', '\n', '\r', 0, 0x1a, 'N', 'n', 't', '0', 'Z', 'b', '\'', '"'};

    private LoadDataValues() {
    }

    static List<byte[]> edges() {
        List<byte[]> values = new ArrayList<>();
        values.add(null);
        for (String s : List.of("", "NULL", "null", "\\N", "\\\\N", "N", "\\", "\\\\", "\t", "\n", "\r\n", "\\t", "\\n",
            "a\tb\nc\\d", "\\\t\n", "trailing\\", "\0", "\u001a", "\\0", "\\Z", "'quoted'", "\"", "é ü 中文 😀")) {
            values.add(s.getBytes(StandardCharsets.UTF_8));
        }
        byte[] everyByte = new byte[256];
        for (int i = 0; i < 256; i++) {
            everyByte[i] = (byte) i;
        }
        values.add(everyByte);
        return values;
    }

    /** {@code count} generated values: raw bytes, UTF-8 text, a few NULLs, some longer than the stream's buffer. */
    static List<byte[]> generated(long seed, int count) {
        Random random = new Random(seed);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(20);
            if (kind == 0) {
                values.add(null);
            } else if (kind < 8) {
                values.add(bytes(random, random.nextInt(64)));
            } else if (kind < 15) {
                values.add(text(random, random.nextInt(40)).getBytes(StandardCharsets.UTF_8));
            } else if (kind < 19) {
                values.add(bytes(random, random.nextInt(4096)));
            } else {
                values.add(bytes(random, 64 * 1024 + random.nextInt(200 * 1024)));
            }
        }
        return values;
    }

    private static byte[] bytes(Random random, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = random.nextInt(4) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : (byte) random.nextInt(256);
        }
        return b;
    }

    private static String text(Random random, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(10);
            if (pick < 3) {
                s.append((char) SPECIAL[random.nextInt(SPECIAL.length)]);
            } else if (pick < 8) {
                s.append((char) (' ' + random.nextInt(95)));
            } else {
                s.appendCodePoint(0xa0 + random.nextInt(0x2000)); // Latin, Greek, Cyrillic, ...
            }
        }
        return s.toString();
    }
}
