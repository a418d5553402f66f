package offramp.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UnitsTest {

    @Test
    void aSizeIsShownInTheUnitThatReadsBest() {
        assertEquals("?", Units.bytes(-1));
        assertEquals("0 bytes", Units.bytes(0));
        assertEquals("1023 bytes", Units.bytes(1023));
        assertEquals("1.0 KiB", Units.bytes(1024));
        assertEquals("1.5 KiB", Units.bytes(1536));
        assertEquals("96.0 MiB", Units.bytes(96L << 20));
        assertEquals("1024.0 KiB", Units.bytes((1 << 20) - 1)); // rounded within its unit
        assertEquals("2.5 GiB", Units.bytes(2.5 * (1L << 30)));
    }

    @Test
    void mibStaysInMib() {
        assertEquals("0.0 MiB", Units.mib(1000));
        assertEquals("12.8 MiB", Units.mib(12.8 * (1 << 20)));
        assertEquals("3072.0 MiB", Units.mib(3L << 30));
    }

    @Test
    void aPauseIsToTheMillisecond() {
        assertEquals("0 ms", Units.precise(0));
        assertEquals("850 ms", Units.precise(0.85));
        assertEquals("1.00 s", Units.precise(0.9996), "rounded to 1000 ms: in seconds");
        assertEquals("1.24 s", Units.precise(1.2404));
        assertEquals("12.3 s", Units.precise(12.34));
        assertEquals("2 min 05 s", Units.precise(125));
    }

    @Test
    void aDurationIsToTheSecond() {
        assertEquals("0 s", Units.duration(0.4));
        assertEquals("45 s", Units.duration(45));
        assertEquals("1 min 00 s", Units.duration(59.6));
        assertEquals("3 min 05 s", Units.duration(185));
        assertEquals("2 h 54 min", Units.duration(2 * 3600 + 54 * 60 + 59));
        assertEquals("50 h 00 min", Units.duration(50 * 3600));
    }

    @Test
    void aRoughDurationIsSaidAsAPersonWould() {
        assertEquals("1 s", Units.roughly(0.2));
        assertEquals("89 s", Units.roughly(89));
        assertEquals("2 min", Units.roughly(90));
        assertEquals("120 min", Units.roughly(2 * 3600 - 1));
        assertEquals("2.0 h", Units.roughly(2 * 3600));
        assertEquals("71.9 h", Units.roughly(3 * 86400 - 300));
        assertEquals("3.0 days", Units.roughly(3 * 86400));
    }
}
