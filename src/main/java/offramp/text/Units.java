package offramp.text;

import java.util.Locale;

/** Sizes, rates and durations as offramp prints them, the same in every report, message and log line. */
public final class Units {

    private static final double KIB = 1024;
    private static final double MIB = 1024 * KIB;
    private static final double GIB = 1024 * MIB;

    private Units() {
    }

    /** A size in the unit that reads best: {@code 512 bytes}, {@code 1.5 KiB}, {@code 96.0 MiB}, {@code 2.1 GiB}; {@code ?} when negative (unknown). */
    public static String bytes(double n) {
        if (n < 0) {
            return "?";
        }
        if (n < KIB) {
            return String.format(Locale.ROOT, "%.0f bytes", n);
        }
        if (n < MIB) {
            return String.format(Locale.ROOT, "%.1f KiB", n / KIB);
        }
        if (n < GIB) {
            return String.format(Locale.ROOT, "%.1f MiB", n / MIB);
        }
        return String.format(Locale.ROOT, "%.1f GiB", n / GIB);
    }

    /** A size always in MiB, for figures that are read side by side over time (progress lines, rates): {@code 12.8 MiB}. */
    public static String mib(double n) {
        return String.format(Locale.ROOT, "%.1f MiB", n / MIB);
    }

    /**
     * A duration as a person says it, for estimates and limits: {@code 45 s} (at least 1 s), {@code 12 min} from
     * 90 s, {@code 2.5 h} from 2 h, {@code 4.0 days} from 3 days.
     */
    public static String roughly(double seconds) {
        if (seconds < 90) {
            return Math.max(1, Math.round(seconds)) + " s";
        }
        if (seconds < 2 * 3600) {
            return Math.round(seconds / 60) + " min";
        }
        if (seconds < 3 * 86400) {
            return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
        }
        return String.format(Locale.ROOT, "%.1f days", seconds / 86400);
    }

    /**
     * A short duration to the millisecond or the hundredth of a second, for pauses a DBA reports: {@code 850 ms},
     * {@code 1.24 s}, {@code 12.3 s}; {@link #duration} from a minute.
     */
    public static String precise(double seconds) {
        long ms = Math.round(seconds * 1000);
        if (ms < 1000) {
            return ms + " ms";
        }
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.2f s", seconds);
        }
        return seconds < 60 ? String.format(Locale.ROOT, "%.1f s", seconds) : duration(seconds);
    }

    /** A duration to the second: {@code 45 s}, {@code 3 min 05 s}, {@code 2 h 54 min}. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60)
            : s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60) : s + " s";
    }
}
