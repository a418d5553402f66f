package offramp.catalog;

import offramp.server.Queries;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads a server's views, procedures, functions, triggers and events with their definitions. */
public final class ObjectCatalog {

    private final Connection source;

    public ObjectCatalog(Connection source) {
        this.source = source;
    }

    /**
     * An object to create: its kind, where, its statement, and the context it was created in, which decides how
     * its string literals and comparisons behave: sql_mode, time_zone (events), character_set_client,
     * collation_connection and (routines, triggers, events) the database's collation at the time. Null where
     * the kind has none.
     */
    public record SchemaObject(String kind, String schema, String name, String create, String sqlMode, String timeZone,
                               String characterSetClient, String collationConnection, String databaseCollation) {
        public String id() {
            return kind.toLowerCase() + " " + schema + "." + name;
        }

        /** The creation context in one line, as mysqldump shows it around the object. */
        public String context() {
            StringBuilder s = new StringBuilder();
            if (sqlMode != null) {
                s.append("sql_mode=").append(sqlMode).append(' ');
            }
            if (timeZone != null) {
                s.append("time_zone=").append(timeZone).append(' ');
            }
            s.append("character_set_client=").append(characterSetClient).append(" collation_connection=").append(collationConnection);
            if (databaseCollation != null) {
                s.append(" database_collation=").append(databaseCollation);
            }
            return s.toString();
        }
    }

    /** Every view, routine, trigger and event of the schemas. */
    public List<SchemaObject> read(List<String> schemas) throws SQLException {
        List<SchemaObject> objects = new ArrayList<>();
        for (String schema : schemas) {
            for (String view : names("SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? ORDER BY 1", schema)) {
                objects.add(show("VIEW", schema, view, 2, 0, 0));
            }
            for (String routine : names("SELECT CONCAT(ROUTINE_TYPE, ' ', ROUTINE_NAME) FROM information_schema.ROUTINES "
                + "WHERE ROUTINE_SCHEMA = ? ORDER BY 1", schema)) {
                int space = routine.indexOf(' ');
                objects.add(show(routine.substring(0, space), schema, routine.substring(space + 1), 3, 2, 0));
            }
            for (String trigger : names("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? "
                + "ORDER BY EVENT_OBJECT_TABLE, ACTION_ORDER", schema)) {
                objects.add(show("TRIGGER", schema, trigger, 3, 2, 0));
            }
            for (String event : names("SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? ORDER BY 1", schema)) {
                objects.add(show("EVENT", schema, event, 4, 2, 3));
            }
        }
        return objects;
    }

    /** A table's triggers, each as {@code name BEFORE|AFTER INSERT|UPDATE|DELETE}, in the order they fire. */
    public List<String> triggersOf(String schema, String table) throws SQLException {
        return Queries.all(source, "SELECT CONCAT(TRIGGER_NAME, ' ', ACTION_TIMING, ' ', EVENT_MANIPULATION) FROM "
            + "information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = ? AND EVENT_OBJECT_TABLE = ? ORDER BY ACTION_ORDER",
            List.of(schema, table), rs -> rs.getString(1));
    }

    private List<String> names(String sql, String schema) throws SQLException {
        return Queries.all(source, sql, List.of(schema), rs -> rs.getString(1));
    }

    private SchemaObject show(String kind, String schema, String name, int createColumn, int sqlModeColumn,
                              int timeZoneColumn) throws SQLException {
        try (Statement s = source.createStatement();
             ResultSet rs = s.executeQuery("SHOW CREATE " + kind + " " + Sql.table(schema, name))) {
            if (!rs.next() || rs.getString(createColumn) == null) {
                throw new SQLException("SHOW CREATE " + kind + " " + schema + "." + name + " gave no statement: the "
                    + "source user needs SELECT (and for routines SHOW_ROUTINE or SELECT on mysql.proc) on it");
            }
            String client = rs.getString("character_set_client");
            return new SchemaObject(kind, schema, name, ClientCharset.decode(source, rs.getBytes(createColumn), client),
                sqlModeColumn > 0 ? rs.getString(sqlModeColumn) : null, timeZoneColumn > 0 ? rs.getString(timeZoneColumn) : null,
                client, rs.getString("collation_connection"),
                kind.equals("VIEW") ? null : rs.getString("Database Collation"));
        }
    }
}
