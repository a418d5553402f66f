package offramp.copy;

import offramp.catalog.ObjectCatalog;
import offramp.catalog.Sql;
import offramp.server.Dialect;
import offramp.server.SqlLiteral;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Copies what is not table data, after the data: views in dependency order, procedures and functions,
 * triggers (only now, so they never fire on copied rows) and events (disabled on the replica). Each is created
 * in its source's context, as mysqldump restores it: sql_mode, time_zone, character_set_client (the statement
 * sent in that character set), collation_connection and the database collation of the time.
 */
final class SchemaObjects {

    private static final int ER_NO_SUCH_TABLE = 1146;

    private final Connection target;
    private final ClientCharsetConnections sessions;
    private final Dialect targetFlavor;
    private final DefinerPolicy definers;
    private final CollationMap collations;
    private final List<String> notes = new ArrayList<>();

    SchemaObjects(Connection target, ClientCharsetConnections sessions, Dialect targetFlavor, DefinerPolicy definers,
                  CollationMap collations) {
        this.target = target;
        this.sessions = sessions;
        this.targetFlavor = targetFlavor;
        this.definers = definers;
        this.collations = collations;
    }

    /** Creates the objects on the target, replacing any that an interrupted earlier run left half done. */
    void create(List<ObjectCatalog.SchemaObject> objects) throws SQLException {
        warnAboutMissingDefiners(objects);
        List<ObjectCatalog.SchemaObject> views = new ArrayList<>(objects.stream().filter(o -> o.kind().equals("VIEW")).toList());
        createViewsInDependencyOrder(views);
        for (ObjectCatalog.SchemaObject o : objects) {
            if (o.kind().equals("VIEW")) {
                continue;
            }
            execute(o, "DROP " + o.kind() + " IF EXISTS " + Sql.table(o.schema(), o.name()));
            execute(o, definers.apply(collations.apply(o.create())));
            if (o.kind().equals("EVENT")) {
                execute(o, targetFlavor.disableEvent(Sql.table(o.schema(), o.name())));
            }
        }
    }

    /** A view can only be created after the views it reads: create what can be, then retry the rest. */
    private void createViewsInDependencyOrder(List<ObjectCatalog.SchemaObject> views) throws SQLException {
        while (!views.isEmpty()) {
            List<SQLException> failures = new ArrayList<>();
            int before = views.size();
            for (Iterator<ObjectCatalog.SchemaObject> it = views.iterator(); it.hasNext(); ) {
                ObjectCatalog.SchemaObject view = it.next();
                try {
                    execute(view, "DROP VIEW IF EXISTS " + Sql.table(view.schema(), view.name()));
                    execute(view, definers.apply(collations.apply(view.create())));
                    it.remove();
                } catch (SQLException e) {
                    failures.add(e);
                }
            }
            if (views.size() == before) {
                // Report the root cause, not a view that failed only because the one it reads is missing.
                throw failures.stream().filter(e -> e.getErrorCode() != ER_NO_SUCH_TABLE).findFirst()
                    .orElse(failures.get(0));
            }
        }
    }

    private void execute(ObjectCatalog.SchemaObject o, String sql) throws SQLException {
        Connection c = sessions.forCharset(o.characterSetClient() == null ? "utf8mb4" : o.characterSetClient());
        try (Statement s = c.createStatement()) {
            s.execute("USE " + Sql.name(o.schema()));
            if (o.sqlMode() != null) {
                s.execute("SET SESSION sql_mode = " + SqlLiteral.of(o.sqlMode()));
            }
            s.execute("SET SESSION time_zone = " + SqlLiteral.of(o.timeZone() == null ? "+00:00" : o.timeZone()));
            if (o.characterSetClient() != null) {
                s.execute("SET SESSION character_set_client = " + SqlLiteral.of(o.characterSetClient())
                    + ", collation_connection = " + SqlLiteral.of(collations.apply(o.collationConnection())));
            }
            String databaseCollation = o.databaseCollation() == null ? null : collations.apply(o.databaseCollation());
            String restore = databaseCollation == null ? null : databaseCollation(s, o.schema());
            boolean switched = restore != null && !restore.equalsIgnoreCase(databaseCollation);
            if (switched) {
                s.execute("ALTER DATABASE " + Sql.name(o.schema()) + " COLLATE " + collationName(databaseCollation));
            }
            try {
                s.execute(sql);
            } finally {
                if (switched) {
                    s.execute("ALTER DATABASE " + Sql.name(o.schema()) + " COLLATE " + collationName(restore));
                }
            }
        } catch (SQLException e) {
            throw new SQLException("creating " + o.id() + " on the target failed: " + e.getMessage()
                + (e.getErrorCode() == 1227 || e.getErrorCode() == 1449
                    ? " (its definer cannot be used on the target: rerun with --definer strip or --definer replace=USER@HOST)" : ""),
                e.getSQLState(), e.getErrorCode(), e);
        }
    }

    private static String collationName(String name) throws SQLException {
        if (!name.matches("[A-Za-z0-9_]+")) {
            throw new SQLException("not a collation name: " + name);
        }
        return name;
    }

    /** The database's default collation now (what a routine created in it now would record). */
    private static String databaseCollation(Statement s, String schema) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = "
            + SqlLiteral.of(schema))) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private void warnAboutMissingDefiners(List<ObjectCatalog.SchemaObject> objects) {
        if (definers.mode() == DefinerPolicy.Mode.STRIP) {
            return;
        }
        Set<String> missing = new LinkedHashSet<>();
        for (ObjectCatalog.SchemaObject o : objects) {
            String create = definers.apply(o.create());
            DefinerPolicy.definerOf(create).ifPresent(account -> {
                try (PreparedStatement ps = target.prepareStatement("SELECT 1 FROM mysql.user WHERE User = ? AND Host = ?")) {
                    ps.setString(1, account[0]);
                    ps.setString(2, account[1]);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            missing.add("definer " + account[0] + "@" + account[1] + " of " + o.id()
                                + " does not exist on the target; the object will fail when used. Create the account, "
                                + "or rerun with --definer strip or --definer replace=USER@HOST");
                        }
                    }
                } catch (SQLException e) {
                    missing.add("cannot check the definer of " + o.id() + " on the target: " + e.getMessage());
                }
            });
        }
        notes.addAll(missing);
    }

    List<String> notes() {
        return notes;
    }
}
