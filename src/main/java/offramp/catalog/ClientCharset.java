package offramp.catalog;

import com.mysql.cj.CharsetMapping;
import java.io.UnsupportedEncodingException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The text of a stored program as its creator sent it. The server keeps a view's, routine's, trigger's or
 * event's statement in the bytes of the {@code character_set_client} it was created with and SHOW CREATE
 * returns those bytes unconverted (mysqldump replays them after setting that character set), so they are read
 * as bytes and decoded in that character set.
 */
public final class ClientCharset {

    private ClientCharset() {
    }

    /** The driver's Java encoding for a server character set, through the id of its default collation. */
    public static String javaEncoding(Connection c, String charset) throws SQLException {
        if (charset == null || charset.toLowerCase().startsWith("utf8")) {
            return "UTF-8"; // utf8mb3 and utf8mb4 encode every character they share in the same bytes
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT ID FROM information_schema.COLLATIONS "
            + "WHERE CHARACTER_SET_NAME = ? AND IS_DEFAULT = 'Yes'")) {
            ps.setString(1, charset);
            try (ResultSet rs = ps.executeQuery()) {
                String encoding = rs.next() ? CharsetMapping.getStaticJavaEncodingForCollationIndex(rs.getInt(1)) : null;
                if (encoding == null) {
                    throw new SQLException("the server has no character set " + charset + " (a stored program's character_set_client)");
                }
                return encoding;
            }
        }
    }

    /** A column of SHOW CREATE decoded in the object's own client character set. */
    public static String decode(Connection c, byte[] bytes, String charset) throws SQLException {
        try {
            return bytes == null ? null : new String(bytes, javaEncoding(c, charset));
        } catch (UnsupportedEncodingException e) {
            throw new SQLException("this Java runtime cannot decode " + charset + ": " + e.getMessage(), e);
        }
    }
}
