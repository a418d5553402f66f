package offramp.copy;

/**
 * How one value is written into a LOAD DATA stream, byte for byte: fields end with a tab, rows with a newline,
 * NULL is {@code \N}, and a backslash, tab or newline inside a value is escaped with a backslash. Every other byte
 * goes as it is ({@code CHARACTER SET binary}), so any value, text or binary, arrives as it left.
 */
public final class LoadDataFormat {

    /** The clauses of the LOAD DATA statement that reads this format. */
    public static final String CLAUSES =
        "CHARACTER SET binary FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n'";

    public static final byte FIELD_END = '\t';
    public static final byte ROW_END = '\n';
    private static final byte ESCAPE = '\\';

    private LoadDataFormat() {
    }

    /** The most bytes {@link #writeValue} writes for a value of this many bytes. */
    public static int maxLength(byte[] value) {
        return value == null ? 2 : value.length * 2;
    }

    /**
     * Writes a value, {@code null} for NULL, at {@code at}, which must have {@link #maxLength} bytes of room.
     *
     * @return the position after what was written
     */
    public static int writeValue(byte[] value, byte[] into, int at) {
        if (value == null) {
            into[at] = ESCAPE;
            into[at + 1] = 'N';
            return at + 2;
        }
        // Most values hold nothing to escape: copy the runs between special bytes in one go.
        int run = 0;
        for (int j = 0; j < value.length; j++) {
            byte b = value[j];
            if (b == ESCAPE || b == FIELD_END || b == ROW_END) {
                System.arraycopy(value, run, into, at, j - run);
                at += j - run;
                into[at++] = ESCAPE;
                into[at++] = b == FIELD_END ? (byte) 't' : b == ROW_END ? (byte) 'n' : ESCAPE;
                run = j + 1;
            }
        }
        System.arraycopy(value, run, into, at, value.length - run);
        return at + value.length - run;
    }
}
