package offramp.verify;

import offramp.catalog.ColumnSpec;
import offramp.server.SqlLiteral;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * One column's value as it travels between offramp and a server exactly: read by {@link #read} into text that loses
 * no byte (hexadecimal for text, binary and spatial values; the server's own text for numbers, dates and times;
 * FLOAT and DOUBLE with all their digits; BIT as its number), written back by {@link #literal} as SQL that makes the
 * same value again, and shown to a DBA by {@link #shown}.
 */
final class ColumnValues {

    /** Longer values are cut in findings; the repair SQL always carries them whole. */
    static final int SHOWN = 200;

    private static final Map<String, Charset> CHARSETS = Map.of(
        "utf8mb4", StandardCharsets.UTF_8, "utf8mb3", StandardCharsets.UTF_8, "utf8", StandardCharsets.UTF_8,
        "latin1", Charset.forName("windows-1252"), "ascii", StandardCharsets.US_ASCII,
        "ucs2", StandardCharsets.UTF_16BE, "utf16", StandardCharsets.UTF_16BE, "utf32", Charset.forName("UTF-32BE"));

    private ColumnValues() {
    }

    /** The select expression that reads the column exactly. */
    static String read(ColumnSpec c) {
        String q = c.quoted();
        if (isJsonWithoutCharset(c)) {
            return "HEX(CAST(" + q + " AS CHAR CHARACTER SET utf8mb4))";
        }
        if (c.isText() || c.isBinary() || c.isSpatial()) {
            return "HEX(" + q + ")";
        }
        if (c.isBit()) {
            return "CAST(" + q + " + 0 AS CHAR)";
        }
        if (c.isFloat() || c.dataType().equals("double")) {
            return "CAST(CAST(" + q + " AS DOUBLE) AS CHAR)";
        }
        return "CAST(" + q + " AS CHAR)";
    }

    /** The SQL literal of a value {@link #read} gave (null: NULL), of the column's type, charset and collation. */
    static String literal(ColumnSpec c, String value) {
        if (value == null) {
            return "NULL";
        }
        if (isJsonWithoutCharset(c)) {
            return "CAST(CONVERT(X'" + value + "' USING utf8mb4) AS JSON)";
        }
        if (c.isText()) {
            return "CONVERT(X'" + value + "' USING " + c.charset() + ") COLLATE " + c.collation();
        }
        if (c.isBinary() || c.isSpatial()) {
            return "X'" + value + "'";
        }
        if (c.isBit() || c.isInteger() || c.isDecimal() || c.isFloat() || c.dataType().equals("double")) {
            return value;
        }
        return SqlLiteral.of(value);
    }

    /**
     * The value for a DBA: text as text when its bytes are valid in the column's character set, else {@code 0x}
     * and hexadecimal, as binary values are; numbers, dates and times as the server writes them; null for NULL.
     * Cut to {@value #SHOWN} characters.
     */
    static String shown(ColumnSpec c, String value) {
        if (value == null) {
            return null;
        }
        String s = value;
        if (c.isText() || isJsonWithoutCharset(c)) {
            s = decoded(c.charset() == null ? "utf8mb4" : c.charset(), value);
        } else if (c.isBinary() || c.isSpatial()) {
            s = "0x" + value;
        }
        return s.length() <= SHOWN ? s : s.substring(0, SHOWN) + "...";
    }

    private static String decoded(String charset, String hex) {
        Charset cs = CHARSETS.get(charset.toLowerCase(Locale.ROOT));
        if (cs != null) {
            try {
                return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(HexFormat.of().parseHex(hex))).toString();
            } catch (CharacterCodingException | IllegalArgumentException e) {
                // shown as hexadecimal below
            }
        }
        return "0x" + hex;
    }

    private static boolean isJsonWithoutCharset(ColumnSpec c) {
        return c.dataType().equals("json") && c.charset() == null;
    }
}
