package offramp.catalog;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An index or foreign key added to a table after its CREATE, as read from the table's definition.
 *
 * @param sql  the {@code ADD ...} clause of an ALTER TABLE
 * @param name the index or constraint name; null when the definition names none
 * @param kind what it adds, from the definition's leading keywords
 */
public record AddClause(String sql, String name, Kind kind) {

    public enum Kind {
        KEY, UNIQUE, FULLTEXT, SPATIAL, FOREIGN_KEY
    }

    private static final Pattern INDEX = Pattern.compile("(?:(UNIQUE|FULLTEXT|SPATIAL) )?KEY (?:`((?:[^`]|``)+)` )?.*", Pattern.DOTALL);
    private static final Pattern FOREIGN_KEY = Pattern.compile("CONSTRAINT `((?:[^`]|``)+)` FOREIGN KEY .*", Pattern.DOTALL);

    /** From an index line of SHOW CREATE TABLE, without its indentation and trailing comma: {@code KEY `k` (`a`)}. */
    public static AddClause ofIndex(String definition) {
        Matcher m = INDEX.matcher(definition);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an index definition: " + definition);
        }
        Kind kind = m.group(1) == null ? Kind.KEY : Kind.valueOf(m.group(1));
        return new AddClause("ADD " + definition, unquote(m.group(2)), kind);
    }

    /** From a foreign key line of SHOW CREATE TABLE: {@code CONSTRAINT `c` FOREIGN KEY (...) REFERENCES ...}. */
    public static AddClause ofForeignKey(String definition) {
        Matcher m = FOREIGN_KEY.matcher(definition);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a foreign key definition: " + definition);
        }
        return new AddClause("ADD " + definition, unquote(m.group(1)), Kind.FOREIGN_KEY);
    }

    /**
     * Whether the index is FULLTEXT or SPATIAL: kept up to date row by row during a load, such an index costs far
     * more than one build afterwards.
     */
    public boolean fullTextOrSpatial() {
        return kind == Kind.FULLTEXT || kind == Kind.SPATIAL;
    }

    private static String unquote(String quoted) {
        return quoted == null ? null : quoted.replace("``", "`");
    }
}
