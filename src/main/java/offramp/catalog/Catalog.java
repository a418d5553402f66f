package offramp.catalog;

import offramp.usage.BadUsage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads what a server holds: the application's schemas and their tables, columns and keys. */
public final class Catalog {

    private final Connection c;

    public Catalog(Connection c) {
        this.c = c;
    }

    /**
     * The schemas to copy: those asked for, or every schema that is not the server's own. A name may hold the
     * wildcards {@code *} and {@code ?}; a name or pattern that matches no schema is an error naming it.
     */
    public List<String> schemas(List<String> wanted) throws SQLException {
        List<String> all = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
            "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME")) {
            while (rs.next()) {
                all.add(rs.getString(1));
            }
        }
        if (wanted.isEmpty()) {
            return all.stream().filter(s -> !SystemSchemas.contains(s)).toList();
        }
        List<String> application = all.stream().filter(s -> !SystemSchemas.contains(s)).toList();
        List<String> chosen = new ArrayList<>();
        for (String w : wanted) {
            List<String> matched = isPattern(w) ? application.stream().filter(s -> glob(w).matcher(s).matches()).toList()
                : all.contains(w) ? List.of(w) : List.of();
            if (matched.isEmpty()) {
                throw new BadUsage((isPattern(w) ? "the --schemas pattern '" + w + "' matches no schema"
                    : "schema " + w + " does not exist on the server") + "; it has " + application);
            }
            matched.stream().filter(s -> !chosen.contains(s)).forEach(chosen::add);
        }
        return List.copyOf(chosen);
    }

    private static boolean isPattern(String name) {
        return name.contains("*") || name.contains("?");
    }

    /**
     * Every base table of the schemas, minus those matching an exclusion ({@code schema.table}, {@code *}
     * wildcards). An exclusion that matches no table is an error: it is most likely mistyped, and then the tables
     * it was meant to leave out would be copied.
     */
    public List<TableSpec> tables(List<String> schemas, List<String> excludePatterns) throws SQLException {
        return tables(schemas, excludePatterns, true);
    }

    /**
     * The tables of the schemas minus the exclusions, which here may match nothing: the right side of a
     * comparison, where the excluded tables were never copied.
     */
    public List<TableSpec> tablesExcluding(List<String> schemas, List<String> excludePatterns) throws SQLException {
        return tables(schemas, excludePatterns, false);
    }

    private List<TableSpec> tables(List<String> schemas, List<String> excludePatterns, boolean everyPatternMatches)
        throws SQLException {
        if (everyPatternMatches) {
            requireExclusionsMatch(schemas, excludePatterns);
        }
        List<Pattern> excluded = excludePatterns.stream().map(Catalog::glob).toList();
        List<TableSpec> tables = new ArrayList<>();
        for (String schema : schemas) {
            Map<String, long[]> sizes = new LinkedHashMap<>();
            eachRow("SELECT TABLE_NAME, TABLE_ROWS, AVG_ROW_LENGTH FROM information_schema.TABLES "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
                rs -> sizes.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)}), schema);
            for (var entry : sizes.entrySet()) {
                String table = entry.getKey();
                if (excluded.stream().anyMatch(p -> p.matcher(schema + "." + table).matches())) {
                    continue;
                }
                List<ColumnSpec> columns = columns(schema, table);
                tables.add(new TableSpec(schema, table, columns, chunkKey(schema, table, columns),
                    TableDefinition.split(showCreate("TABLE", schema, table, 2)), entry.getValue()[0], entry.getValue()[1]));
            }
        }
        return tables;
    }

    /** How much the tables hold: their count, and their data and indexes in bytes as information_schema has them. */
    public record Size(int tables, long bytes) {
    }

    /**
     * The size of the base tables of the schemas minus the exclusions (DATA_LENGTH + INDEX_LENGTH), reading
     * information_schema only.
     */
    public Size size(List<String> schemas, List<String> excludePatterns) throws SQLException {
        List<Pattern> excluded = excludePatterns.stream().map(Catalog::glob).toList();
        int[] tables = {0};
        long[] bytes = {0};
        for (String schema : schemas) {
            eachRow("SELECT TABLE_NAME, COALESCE(DATA_LENGTH, 0) + COALESCE(INDEX_LENGTH, 0) FROM information_schema.TABLES "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'", rs -> {
                    String table = schema + "." + rs.getString(1);
                    if (excluded.stream().noneMatch(p -> p.matcher(table).matches())) {
                        tables[0]++;
                        bytes[0] += rs.getLong(2);
                    }
                }, schema);
        }
        return new Size(tables[0], bytes[0]);
    }

    /**
     * Every exclusion matches a base table of the schemas (reading only their names): one that matches none is most
     * likely mistyped, and then the tables it was meant to leave out would be copied.
     */
    public void requireExclusionsMatch(List<String> schemas, List<String> excludePatterns) throws SQLException {
        List<String> unused = new ArrayList<>(excludePatterns);
        for (String schema : schemas) {
            eachRow("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'",
                rs -> {
                    String table = schema + "." + rs.getString(1);
                    unused.removeIf(u -> glob(u).matcher(table).matches());
                }, schema);
        }
        if (!unused.isEmpty()) {
            throw new BadUsage("the --exclude-tables pattern" + (unused.size() > 1 ? "s " : " ")
                + String.join(", ", unused.stream().map(u -> "'" + u + "'").toList()) + " match" + (unused.size() > 1 ? "" : "es")
                + " no table of the schemas " + schemas + " (patterns are schema.table, with * and ? as wildcards)");
        }
    }

    private List<ColumnSpec> columns(String schema, String table) throws SQLException {
        List<ColumnSpec> columns = new ArrayList<>();
        eachRow("SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, CHARACTER_SET_NAME, COLLATION_NAME, IS_NULLABLE, EXTRA "
            + "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION", rs -> {
                String extra = rs.getString(7) == null ? "" : rs.getString(7).toUpperCase();
                // MySQL 8 also says DEFAULT_GENERATED for a column with an expression default: that one is stored.
                boolean generated = extra.contains("VIRTUAL GENERATED") || extra.contains("STORED GENERATED")
                    || extra.contains("PERSISTENT GENERATED") || extra.equals("VIRTUAL") || extra.equals("PERSISTENT");
                columns.add(new ColumnSpec(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), "YES".equals(rs.getString(6)), generated));
            }, schema, table);
        return columns;
    }

    /** The primary key, else the unique key with the fewest columns, all NOT NULL and without prefixes. */
    private List<ColumnSpec> chunkKey(String schema, String table, List<ColumnSpec> columns) throws SQLException {
        Map<String, List<String>> unique = new LinkedHashMap<>();
        Map<String, Boolean> usable = new LinkedHashMap<>();
        eachRow("SELECT INDEX_NAME, COLUMN_NAME, SUB_PART, NULLABLE FROM information_schema.STATISTICS "
            + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 0 "
            + "ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX", rs -> {
                String index = rs.getString(1);
                unique.computeIfAbsent(index, k -> new ArrayList<>()).add(rs.getString(2));
                boolean ok = rs.getObject(3) == null && !"YES".equals(rs.getString(4)) && rs.getString(2) != null;
                usable.merge(index, ok, Boolean::logicalAnd);
            }, schema, table);
        List<String> best = null;
        for (var e : unique.entrySet()) {
            if (!usable.get(e.getKey())) {
                continue;
            }
            if (e.getKey().equals("PRIMARY")) {
                best = e.getValue();
                break;
            }
            if (best == null || e.getValue().size() < best.size()) {
                best = e.getValue();
            }
        }
        if (best == null) {
            return List.of();
        }
        List<ColumnSpec> key = new ArrayList<>();
        for (String name : best) {
            columns.stream().filter(col -> col.name().equals(name)).findFirst().ifPresent(key::add);
        }
        return key.size() == best.size() ? List.copyOf(key) : List.of();
    }

    /** One row of a query's result. */
    @FunctionalInterface
    private interface RowAction {
        void accept(ResultSet row) throws SQLException;
    }

    private void eachRow(String sql, RowAction action, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    action.accept(rs);
                }
            }
        }
    }

    /** SHOW CREATE of any object; {@code column} is the 1-based column holding the statement. */
    public String showCreate(String kind, String schema, String name, int column) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
            "SHOW CREATE " + kind + " " + Sql.table(schema, name))) {
            if (!rs.next()) {
                throw new SQLException("SHOW CREATE " + kind + " " + schema + "." + name + " returned nothing");
            }
            return rs.getString(column);
        }
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char ch : pattern.toCharArray()) {
            regex.append(ch == '*' ? ".*" : ch == '?' ? "." : Pattern.quote(String.valueOf(ch)));
        }
        return Pattern.compile(regex.toString());
    }
}
