package offramp.verify;

import offramp.catalog.Catalog;
import offramp.catalog.ObjectCatalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Compares the schema objects of two servers: every table's definition (columns, indexes, AUTO_INCREMENT
 * counter, partitions), views, procedures, functions, triggers and events, and names each part that differs
 * (see {@link DefinitionParts}). An event that runs on one side and is disabled on the replica on the other is
 * the same event.
 */
public final class SchemaComparison {

    private static final int ER_BAD_DB_ERROR = 1049;
    private static final int ER_NO_SUCH_TABLE = 1146;
    private static final Pattern EVENT_STATUS = Pattern.compile("\\s(ENABLE|DISABLE ON (SLAVE|REPLICA)|DISABLE)\\s");

    private SchemaComparison() {
    }

    public static List<Difference> differences(Connection left, Connection right, List<String> schemas,
                                               List<String> tables) throws SQLException {
        List<Difference> found = new ArrayList<>();
        compare(found, definitions(left, tables), definitions(right, tables));
        compare(found, objects(left, schemas), objects(right, schemas));
        return found;
    }

    /** Object id ({@code table app.t}) to its SHOW CREATE statement. */
    private static Map<String, String> definitions(Connection c, List<String> tables) throws SQLException {
        Map<String, String> defs = new TreeMap<>();
        Catalog catalog = new Catalog(c);
        for (String table : tables) {
            int dot = table.indexOf('.');
            try {
                defs.put("table " + table, catalog.showCreate("TABLE", table.substring(0, dot), table.substring(dot + 1), 2));
            } catch (SQLException e) {
                if (!absent(e)) {
                    throw new SQLException("reading the definition of " + table + " failed: " + e.getMessage(), e.getSQLState(),
                        e.getErrorCode(), e);
                }
                // reported as missing on this side
            }
        }
        return defs;
    }

    /**
     * Whether the error says the table is not there (it, or its schema): only then is it missing on that side. Any
     * other error (a privilege, a lost connection, a corrupt table) is no finding about the data, and fails the
     * comparison.
     */
    static boolean absent(SQLException e) {
        return e.getErrorCode() == ER_NO_SUCH_TABLE || e.getErrorCode() == ER_BAD_DB_ERROR;
    }

    private static Map<String, String> objects(Connection c, List<String> schemas) throws SQLException {
        Map<String, String> defs = new TreeMap<>();
        List<String> existing = new Catalog(c).schemas(List.of()).stream().filter(schemas::contains).toList();
        for (ObjectCatalog.SchemaObject o : new ObjectCatalog(c).read(existing)) {
            String create = o.create();
            if (o.kind().equals("EVENT")) {
                create = EVENT_STATUS.matcher(create).replaceAll(" ");
            }
            defs.put(o.id(), create + CONTEXT + o.context());
        }
        return defs;
    }

    private static void compare(List<Difference> found, Map<String, String> left, Map<String, String> right) {
        for (var e : left.entrySet()) {
            String other = right.get(e.getKey());
            if (other == null) {
                found.add(new Difference(e.getKey(), null, "exists", null));
            } else if (!other.equals(e.getValue())) {
                found.addAll(partsThatDiffer(e.getKey(), e.getValue(), other));
            }
        }
        for (String key : right.keySet()) {
            if (!left.containsKey(key)) {
                found.add(new Difference(key, null, null, "exists"));
            }
        }
    }

    /** Where an object's creation context follows its statement in the compared text. */
    private static final String CONTEXT = "\n-- created with ";

    /**
     * The named parts that differ, the creation context of a stored program or view among them; the whole
     * definitions when the difference is in no part that has a name.
     */
    static List<Difference> partsThatDiffer(String id, String left, String right) {
        String kind = id.substring(0, id.indexOf(' ')).toUpperCase(Locale.ROOT);
        if (kind.equals("TABLE")) {
            List<Difference> parts = DefinitionParts.compare(id, DefinitionParts.ofTable(left), DefinitionParts.ofTable(right));
            return parts.isEmpty() ? List.of(new Difference(id, "definition", left, right)) : parts;
        }
        String[] l = splitContext(left);
        String[] r = splitContext(right);
        List<Difference> parts = new ArrayList<>(
            DefinitionParts.compare(id, DefinitionParts.ofObject(kind, l[0]), DefinitionParts.ofObject(kind, r[0])));
        if (!l[1].equals(r[1])) {
            parts.add(new Difference(id, "creation context", l[1], r[1]));
        }
        return parts.isEmpty() ? List.of(new Difference(id, "definition", l[0], r[0])) : parts;
    }

    private static String[] splitContext(String text) {
        int at = text.lastIndexOf(CONTEXT);
        return at < 0 ? new String[] {text, ""} : new String[] {text.substring(0, at), text.substring(at + CONTEXT.length())};
    }
}
