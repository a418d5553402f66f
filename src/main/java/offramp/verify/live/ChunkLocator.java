package offramp.verify.live;

import offramp.catalog.ColumnSpec;
import offramp.catalog.KeyRange;

import java.io.Serializable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Finds the chunk of a table's plan a row falls in, from the row's image in the binlog. Exact for keys of integer
 * columns, whose order Java and the server agree on; for any other key (strings under a collation, dates, decimals)
 * it cannot say, and the table is then compared whole. A chunk covers the keys above its lower bound up to and
 * including its upper bound, as {@link KeyRange} reads them.
 */
final class ChunkLocator {

    private final int[] keyColumns;
    private final int[] bits;
    private final List<List<BigInteger>> uppers = new ArrayList<>();

    private ChunkLocator(int[] keyColumns, int[] bits, List<KeyRange> plan) {
        this.keyColumns = keyColumns;
        this.bits = bits;
        for (KeyRange r : plan) {
            uppers.add(r.upper() == null ? null : r.upper().stream().map(BigInteger::new).toList());
        }
    }

    /**
     * A locator for a table whose key is all integer columns; null for any other table (no key, or a key the order
     * of which only the server knows).
     *
     * @param columns the table's columns in order, as its binlog images hold them
     * @param key     its chunk key
     */
    static ChunkLocator of(List<ColumnSpec> columns, List<ColumnSpec> key, List<KeyRange> plan) {
        if (key.isEmpty() || !key.stream().allMatch(ColumnSpec::isInteger)) {
            return null;
        }
        int[] positions = new int[key.size()];
        int[] widths = new int[key.size()];
        for (int i = 0; i < key.size(); i++) {
            positions[i] = columns.indexOf(key.get(i));
            widths[i] = key.get(i).isUnsigned() ? bits(key.get(i).dataType()) : 0;
            if (positions[i] < 0) {
                return null;
            }
        }
        return new ChunkLocator(positions, widths, plan);
    }

    /**
     * Where each key column's value is in the images of an event that hold the {@code included} columns (a
     * MINIMAL image holds only some); null when they do not hold the whole key (the after image of an update that
     * left the key alone: its before image names the chunk). The same for every image of the event.
     */
    int[] positions(BitSet included) {
        int[] at = new int[keyColumns.length];
        for (int i = 0; i < keyColumns.length; i++) {
            if (!included.get(keyColumns[i])) {
                return null;
            }
            at[i] = included.get(0, keyColumns[i]).cardinality();
        }
        return at;
    }

    /** The chunk the row of an image falls in; -1 when the image does not hold the whole key. */
    int chunkOf(BitSet included, Serializable[] image) {
        return chunkOf(positions(included), image);
    }

    /** The chunk the row of an image falls in, its key values at {@code positions}; -1 when it holds no whole key. */
    int chunkOf(int[] positions, Serializable[] image) {
        if (positions == null) {
            return -1;
        }
        List<BigInteger> key = new ArrayList<>(keyColumns.length);
        for (int i = 0; i < keyColumns.length; i++) {
            if (!(image[positions[i]] instanceof Number n)) {
                return -1;
            }
            BigInteger value = BigInteger.valueOf(n.longValue());
            if (bits[i] > 0 && value.signum() < 0) {
                value = value.add(BigInteger.ONE.shiftLeft(bits[i]));
            }
            key.add(value);
        }
        return locate(key);
    }

    /** The first chunk whose upper bound is at or above the key (the last has none). */
    int locate(List<BigInteger> key) {
        int low = 0;
        int high = uppers.size() - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            List<BigInteger> upper = uppers.get(mid);
            if (upper == null || compare(key, upper) <= 0) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    private static int compare(List<BigInteger> a, List<BigInteger> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int bits(String dataType) {
        return switch (dataType) {
            case "tinyint" -> 8;
            case "smallint" -> 16;
            case "mediumint" -> 24;
            case "int" -> 32;
            default -> 64;
        };
    }
}
