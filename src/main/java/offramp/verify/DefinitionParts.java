package offramp.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SHOW CREATE statement taken apart into the parts a DBA names, so that a difference between two servers says
 * which part differs: a table's columns, primary key, indexes, constraints, options (AUTO_INCREMENT, ENGINE,
 * character set, ...) and partitioning; a trigger's, view's or event's header and body; a routine's definer and
 * definition.
 */
public final class DefinitionParts {

    private static final Pattern COLUMN = Pattern.compile("^\\s+(`(?:[^`]|``)+`) .*?,?$");
    private static final Pattern INDEX = Pattern.compile("^\\s+((?:UNIQUE |FULLTEXT |SPATIAL |VECTOR )?(?:KEY|INDEX)) (`(?:[^`]|``)+`).*?,?$");
    private static final Pattern CONSTRAINT = Pattern.compile("^\\s+CONSTRAINT (`(?:[^`]|``)+`).*?,?$");
    private static final Pattern OPTION = Pattern.compile("(?:^|\\s)((?:DEFAULT )?[A-Z_]+)=('(?:[^'\\\\]|''|\\\\.)*'|\\S+)");
    private static final Pattern DEFINER = Pattern.compile("\\bDEFINER=(`(?:[^`]|``)*`@`(?:[^`]|``)*`|\\S+)");

    /** What a table option that SHOW CREATE TABLE leaves out is said to be (AUTO_INCREMENT of a fresh table, ...). */
    static final String NOT_SET = "not set";

    private DefinitionParts() {
    }

    private static boolean isMember(String key) {
        return key.startsWith("column ") || key.startsWith("index ");
    }

    /** A table option ({@code AUTO_INCREMENT}, {@code DEFAULT CHARSET}, ...), named in capitals as the server writes it. */
    private static boolean isOption(String key) {
        return key.matches("[A-Z_ ]+");
    }

    /** A SHOW CREATE TABLE's parts, keyed by their names ({@code column `x`}, {@code index `k`}, {@code AUTO_INCREMENT}). */
    public static Map<String, String> ofTable(String create) {
        Map<String, String> parts = new LinkedHashMap<>();
        List<String> columnOrder = new ArrayList<>();
        List<String> indexOrder = new ArrayList<>();
        String[] lines = create.split("\n");
        int i = 1;
        for (; i < lines.length && !lines[i].startsWith(")"); i++) {
            String line = lines[i];
            String definition = line.trim().endsWith(",") ? line.trim().substring(0, line.trim().length() - 1) : line.trim();
            Matcher m;
            if ((m = COLUMN.matcher(line)).matches()) {
                parts.put("column " + m.group(1), definition);
                columnOrder.add(m.group(1));
            } else if (line.trim().startsWith("PRIMARY KEY")) {
                parts.put("primary key", definition);
            } else if ((m = INDEX.matcher(line)).matches()) {
                parts.put("index " + m.group(2), definition);
                indexOrder.add(m.group(2));
            } else if ((m = CONSTRAINT.matcher(line)).matches()) {
                parts.put("constraint " + m.group(1), definition);
            } else {
                parts.put("line " + definition, definition);
            }
        }
        parts.put("column order", String.join(", ", columnOrder));
        parts.put("index order", String.join(", ", indexOrder));
        StringBuilder rest = new StringBuilder();
        for (; i < lines.length; i++) {
            rest.append(lines[i]).append('\n');
        }
        String tail = rest.toString().trim();
        int partitioned = tail.indexOf("PARTITION BY");
        String options = partitioned < 0 ? tail : tail.substring(0, partitioned);
        Matcher m = OPTION.matcher(options.startsWith(")") ? options.substring(1) : options);
        while (m.find()) {
            parts.put(m.group(1), m.group(2));
        }
        if (partitioned >= 0) {
            parts.put("partitioning", tail.substring(partitioned).replace("*/", "").trim());
        }
        return parts;
    }

    /**
     * A view's, routine's, trigger's or event's parts: its definer, and what follows it, cut where the body begins
     * ({@code FOR EACH ROW} of a trigger, {@code AS} of a view, {@code DO} of an event). For a routine, its whole
     * definition after the definer.
     */
    public static Map<String, String> ofObject(String kind, String create) {
        Map<String, String> parts = new LinkedHashMap<>();
        String rest = create;
        Matcher definer = DEFINER.matcher(create);
        if (definer.find()) {
            parts.put("definer", definer.group(1));
            rest = create.substring(0, definer.start()).trim() + " " + create.substring(definer.end()).trim();
        }
        String marker = switch (kind) {
            case "TRIGGER" -> " FOR EACH ROW ";
            case "VIEW" -> " AS ";
            case "EVENT" -> " DO ";
            default -> null;
        };
        int body = marker == null ? -1 : rest.indexOf(marker);
        if (body < 0) {
            parts.put("definition", rest);
        } else {
            parts.put("header", rest.substring(0, body).trim());
            parts.put(kind.equals("VIEW") ? "query" : "body", rest.substring(body + marker.length()).trim());
        }
        return parts;
    }

    /**
     * Each part that differs between the two sides, in the left's order, then parts only on the right. The order
     * of columns or indexes is reported only when the same ones are on both sides.
     */
    public static List<Difference> compare(String object, Map<String, String> left, Map<String, String> right) {
        List<Difference> found = new ArrayList<>();
        boolean sameMembers = true;
        for (var e : left.entrySet()) {
            String key = e.getKey();
            if (key.endsWith(" order")) {
                continue;
            }
            String other = right.get(key);
            if (!Objects.equals(e.getValue(), other)) {
                found.add(new Difference(object, key, e.getValue(), other == null && isOption(key) ? NOT_SET : other));
                sameMembers &= other != null || !isMember(key);
            }
        }
        for (var e : right.entrySet()) {
            if (!left.containsKey(e.getKey())) {
                found.add(new Difference(object, e.getKey(), isOption(e.getKey()) ? NOT_SET : null, e.getValue()));
                sameMembers &= !isMember(e.getKey());
            }
        }
        if (sameMembers) {
            for (String order : List.of("column order", "index order")) {
                if (!Objects.equals(left.get(order), right.get(order))) {
                    found.add(new Difference(object, order, left.get(order), right.get(order)));
                }
            }
        }
        return found;
    }
}
