package offramp.binlog;

import offramp.usage.BadUsage;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in a server's binary log: a file name and a byte offset in it, as {@code SHOW BINARY LOGS}
 * and {@code CHANGE MASTER TO MASTER_LOG_FILE, MASTER_LOG_POS} name them.
 */
public record BinlogCoordinates(String file, long position) implements Comparable<BinlogCoordinates> {

    private static final Pattern TEXT = Pattern.compile("(.+):(\\d+)");
    private static final Pattern SEQUENCE = Pattern.compile(".*\\.(\\d+)");

    public BinlogCoordinates {
        Objects.requireNonNull(file, "file");
        if (file.isBlank()) {
            throw new BadUsage("binlog file name is empty");
        }
        if (position < 0) {
            throw new BadUsage("binlog position is negative: " + position);
        }
    }

    /** Parses {@code file:position}, e.g. {@code mysql-bin-changelog.000695:101168877}. */
    public static BinlogCoordinates parse(String text) {
        Matcher m = TEXT.matcher(text.trim());
        if (!m.matches()) {
            throw new BadUsage("not binlog coordinates (expected FILE:POSITION): " + text);
        }
        return new BinlogCoordinates(m.group(1), Long.parseLong(m.group(2)));
    }

    /** The numeric suffix of the file name ({@code .000695} is 695); -1 when the name has none. */
    public static long sequenceOf(String file) {
        Matcher m = SEQUENCE.matcher(file);
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * Whether {@code file} belongs to the same series as {@code oldest} (the first file a server still lists) and is
     * numbered below it: the file existed and the server has purged it.
     */
    public static boolean purgedBefore(String file, String oldest) {
        long wanted = sequenceOf(file);
        return wanted >= 0 && wanted < sequenceOf(oldest) && baseOf(file).equals(baseOf(oldest));
    }

    private static String baseOf(String file) {
        return file.substring(0, file.lastIndexOf('.') + 1);
    }

    @Override
    public int compareTo(BinlogCoordinates other) {
        int byFile = Long.compare(sequenceOf(file), sequenceOf(other.file));
        if (byFile == 0) {
            byFile = file.compareTo(other.file);
        }
        return byFile != 0 ? byFile : Long.compare(position, other.position);
    }

    public boolean isBefore(BinlogCoordinates other) {
        return compareTo(other) < 0;
    }

    @Override
    public String toString() {
        return file + ":" + position;
    }
}
