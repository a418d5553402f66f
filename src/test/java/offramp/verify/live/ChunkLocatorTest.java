package offramp.verify.live;

import offramp.catalog.ColumnSpec;
import offramp.catalog.KeyRange;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.math.BigInteger;
import java.util.BitSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ChunkLocatorTest {

    private static final ColumnSpec ID = new ColumnSpec("id", "bigint", "bigint(20)", null, null, false, false);
    private static final ColumnSpec UID = new ColumnSpec("u", "int", "int(10) unsigned", null, null, false, false);
    private static final ColumnSpec NOTE = new ColumnSpec("note", "varchar", "varchar(10)", "utf8mb4", "utf8mb4_general_ci", true, false);
    private static final List<KeyRange> PLAN = List.of(new KeyRange(null, List.of("100")),
        new KeyRange(List.of("100"), List.of("200")), new KeyRange(List.of("200"), null));

    private static BitSet all(int n) {
        BitSet b = new BitSet();
        b.set(0, n);
        return b;
    }

    @Test
    void aKeyFallsInTheChunkAboveItsLowerBoundUpToAndIncludingItsUpper() {
        ChunkLocator l = ChunkLocator.of(List.of(NOTE, ID), List.of(ID), PLAN);
        assertEquals(0, l.chunkOf(all(2), new Serializable[] {"x".getBytes(), -5L}));
        assertEquals(0, l.chunkOf(all(2), new Serializable[] {null, 100L}));
        assertEquals(1, l.chunkOf(all(2), new Serializable[] {null, 101L}));
        assertEquals(1, l.chunkOf(all(2), new Serializable[] {null, 200L}));
        assertEquals(2, l.chunkOf(all(2), new Serializable[] {null, 10_000_000L}));
    }

    @Test
    void aMinimalImageWithoutTheKeySaysNothingAndItsValuesAreFoundByTheIncludedColumns() {
        ChunkLocator l = ChunkLocator.of(List.of(NOTE, ID), List.of(ID), PLAN);
        BitSet onlyNote = new BitSet();
        onlyNote.set(0);
        assertEquals(-1, l.chunkOf(onlyNote, new Serializable[] {"y".getBytes()}));
        BitSet onlyId = new BitSet();
        onlyId.set(1);
        assertEquals(1, l.chunkOf(onlyId, new Serializable[] {150L}));
    }

    @Test
    void unsignedValuesTheBinlogCarriesAsNegativeAreReadUnsigned() {
        List<KeyRange> plan = List.of(new KeyRange(null, List.of("2147483647")), new KeyRange(List.of("2147483647"), null));
        ChunkLocator l = ChunkLocator.of(List.of(UID), List.of(UID), plan);
        assertEquals(1, l.chunkOf(all(1), new Serializable[] {-1}), "4294967295 as an int column holds it");
        assertEquals(0, l.chunkOf(all(1), new Serializable[] {7}));
    }

    @Test
    void compositeIntegerKeysCompareColumnByColumnAndOtherKeysCannotBeLocated() {
        ColumnSpec a = new ColumnSpec("a", "int", "int(11)", null, null, false, false);
        ColumnSpec b = new ColumnSpec("b", "int", "int(11)", null, null, false, false);
        List<KeyRange> plan = List.of(new KeyRange(null, List.of("1", "50")), new KeyRange(List.of("1", "50"), null));
        ChunkLocator l = ChunkLocator.of(List.of(a, b), List.of(a, b), plan);
        assertEquals(0, l.locate(List.of(BigInteger.ONE, BigInteger.valueOf(50))));
        assertEquals(1, l.locate(List.of(BigInteger.ONE, BigInteger.valueOf(51))));
        assertEquals(0, l.locate(List.of(BigInteger.ZERO, BigInteger.valueOf(999))));
        assertNull(ChunkLocator.of(List.of(NOTE), List.of(NOTE), PLAN));
        assertNull(ChunkLocator.of(List.of(NOTE), List.of(), PLAN));
    }
}
