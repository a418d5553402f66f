package offramp.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SHOW CREATE TABLE split for a fast, safe load: the table is created with its primary key only, the secondary
 * indexes are added after the data (one sort instead of a random insert per row), and the foreign keys after
 * every table is loaded.
 *
 * @param createWithoutSecondary the CREATE TABLE without secondary indexes and foreign keys
 * @param secondaryIndexes       the deferred indexes
 * @param foreignKeys            the foreign keys
 */
public record TableDefinition(String createWithoutSecondary, List<AddClause> secondaryIndexes, List<AddClause> foreignKeys) {

    private static final Pattern INDEX_LINE = Pattern.compile("^\\s+((?:UNIQUE |FULLTEXT |SPATIAL )?KEY .*?),?$");
    private static final Pattern FK_LINE = Pattern.compile("^\\s+(CONSTRAINT .* FOREIGN KEY .*?),?$");
    private static final Pattern AUTO_INCREMENT_COLUMN = Pattern.compile("^\\s+(`(?:[^`]|``)+`) .*\\bAUTO_INCREMENT\\b.*");
    private static final Pattern INDEX_COLUMNS = Pattern.compile("KEY (?:`(?:[^`]|``)+` )?\\((`(?:[^`]|``)+`)");

    /**
     * Splits a SHOW CREATE TABLE. An index that leads with the AUTO_INCREMENT column stays in the CREATE: the
     * server requires one.
     */
    public static TableDefinition split(String showCreateTable) {
        String[] lines = showCreateTable.split("\n");
        String autoIncrement = null;
        for (String line : lines) {
            Matcher m = AUTO_INCREMENT_COLUMN.matcher(line);
            if (m.matches()) {
                autoIncrement = m.group(1);
            }
        }
        List<String> kept = new ArrayList<>();
        List<AddClause> indexes = new ArrayList<>();
        List<AddClause> foreignKeys = new ArrayList<>();
        boolean keptAutoIncrementIndex = false;
        for (String line : lines) {
            Matcher index = INDEX_LINE.matcher(line);
            Matcher fk = FK_LINE.matcher(line);
            if (index.matches()) {
                Matcher first = INDEX_COLUMNS.matcher(index.group(1));
                boolean leadsWithAutoIncrement = first.find() && first.group(1).equals(autoIncrement);
                if (leadsWithAutoIncrement && !keptAutoIncrementIndex && !hasPrimaryLeadingWith(lines, autoIncrement)) {
                    keptAutoIncrementIndex = true;
                    kept.add(line);
                } else {
                    indexes.add(AddClause.ofIndex(index.group(1)));
                }
            } else if (fk.matches()) {
                foreignKeys.add(AddClause.ofForeignKey(fk.group(1)));
            } else {
                kept.add(line);
            }
        }
        return new TableDefinition(joinFixingCommas(kept), List.copyOf(indexes), List.copyOf(foreignKeys));
    }

    private static boolean hasPrimaryLeadingWith(String[] lines, String column) {
        for (String line : lines) {
            if (line.trim().startsWith("PRIMARY KEY (" + column)) {
                return true;
            }
        }
        return false;
    }

    /** Rejoins the lines; the last definition before the closing parenthesis must not end with a comma. */
    private static String joinFixingCommas(List<String> lines) {
        List<String> fixed = new ArrayList<>(lines);
        for (int i = 1; i < fixed.size(); i++) {
            if (fixed.get(i).startsWith(")")) {
                String previous = fixed.get(i - 1);
                if (previous.endsWith(",")) {
                    fixed.set(i - 1, previous.substring(0, previous.length() - 1));
                }
            }
        }
        return String.join("\n", fixed);
    }
}
