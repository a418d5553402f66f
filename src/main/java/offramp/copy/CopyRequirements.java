package offramp.copy;

import offramp.catalog.Sql;
import offramp.server.Endpoint;
import offramp.server.Grants;
import offramp.server.Queries;
import offramp.server.ServerInfo;
import offramp.server.SqlLiteral;
import offramp.usage.BadUsage;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a copy needs of both servers, checked before it creates anything on the target: the target takes
 * LOAD DATA LOCAL INFILE ({@code local_infile}), the target's user may create and load the schemas, and the
 * source's user may read them whole. A missing read privilege is worse than a failure: the server then hides the
 * triggers, events and routine bodies the user may not see, and the copy would silently leave them out.
 */
public final class CopyRequirements {

    /** Target privileges every copy needs on each schema; DELETE clears a chunk an interrupted run half loaded. */
    static final List<String> TARGET_ALWAYS = List.of("SELECT", "INSERT", "DELETE", "CREATE", "DROP", "ALTER", "INDEX");
    /** Source privileges on each schema: rows, and the definitions of views, triggers and events. */
    static final List<String> SOURCE = List.of("SELECT", "SHOW VIEW", "TRIGGER", "EVENT");

    private CopyRequirements() {
    }

    /** What the schemas hold beyond tables, each needing its own privilege to create. */
    record Contents(boolean foreignKeys, boolean views, boolean routines, boolean triggers, boolean events) {
    }

    /**
     * Refuses ({@link CopyRefused}) when a setting or privilege is missing, naming each with the statement that
     * fixes it, or when the target's disk is known to lack the room for the copy; warns on {@code log} when grants
     * given through roles could not be read, or when the target's free disk cannot be known from here.
     *
     * @param excludes  the tables left out ({@code schema.table} patterns)
     * @param binlogged the loads go into the target's binlog
     */
    public static void check(Connection source, Endpoint from, Connection target, Endpoint to, ServerInfo targetInfo,
                             List<String> schemas, List<String> excludes, boolean binlogged, PrintStream log) throws SQLException {
        TargetDisk.Finding disk = TargetDisk.check(source, target, to, targetInfo.dialect(), schemas, excludes, binlogged);
        if (disk.level() == TargetDisk.Level.WARN) {
            log.println("copy: warning: target disk: " + disk.detail() + "; " + disk.fix());
        }
        List<String> problems = new ArrayList<>();
        if (!localInfile(target)) {
            problems.add("local_infile is OFF on the target " + to.uri() + ", and the copy loads with LOAD DATA LOCAL "
                + "INFILE: SET GLOBAL local_infile = ON; on the target (and local_infile = ON under [mysqld] in its "
                + "configuration, or in its RDS parameter group, so that it stays on after a restart)");
        }
        Lacking lacking = lacking(source, from, target, to, targetInfo, schemas, true);
        if (lacking.uncertain()) {
            lacking.problems().forEach(p -> log.println("copy: warning: " + p + " (" + UNCERTAIN + "; continuing)"));
        } else {
            problems.addAll(lacking.problems());
        }
        if (disk.level() == TargetDisk.Level.FAIL) {
            problems.add("the target's disk is too small: " + disk.detail() + ": " + disk.fix());
        }
        if (problems.isEmpty()) {
            return;
        }
        throw new CopyRefused("the copy cannot start, nothing was created on the target: " + String.join("; ", problems));
    }

    /** Said of privileges found missing when some come through roles whose grants cannot be read. */
    public static final String UNCERTAIN = "some privileges come through roles whose grants offramp cannot read";

    /**
     * The privileges the users lack.
     *
     * @param problems  one line per server, each with the GRANT that fixes it
     * @param uncertain some privileges come through roles whose grants cannot be read: the lines may be wrong
     */
    public record Lacking(List<String> problems, boolean uncertain) {
    }

    /**
     * What the source's user lacks to read the schemas whole (when {@code sourceSide}: the copy reads as that user)
     * and the target's user to create and load them; reads grants only.
     */
    public static Lacking lacking(Connection source, Endpoint from, Connection target, Endpoint to, ServerInfo targetInfo,
                                  List<String> schemas, boolean sourceSide) throws SQLException {
        List<String> problems = new ArrayList<>();
        Grants sourceGrants = Grants.read(source);
        Grants targetGrants = Grants.read(target);
        Contents contents = contents(source, schemas);
        if (sourceSide) {
            problems.addAll(missing("source", from, sourceGrants, SOURCE, schemas));
            if (!sourceGrants.hasGlobal("SELECT") && !sourceGrants.has("SELECT", "mysql") && !sourceGrants.hasGlobal("SHOW_ROUTINE")) {
                problems.add("the source user " + from.uri().user() + " cannot read the bodies of stored routines it did not "
                    + "define, so they could not be copied: GRANT SELECT ON *.* TO " + account(from) + "; (or SELECT on mysql.*; "
                    + "MySQL 8: SHOW_ROUTINE)");
            }
        }
        problems.addAll(missing("target", to, targetGrants, targetNeeds(contents, targetInfo), schemas));
        return new Lacking(problems, !problems.isEmpty() && (!targetGrants.complete() || sourceSide && !sourceGrants.complete()));
    }

    static List<String> targetNeeds(Contents contents, ServerInfo targetInfo) {
        List<String> needs = new ArrayList<>(TARGET_ALWAYS);
        if (contents.foreignKeys() && targetInfo.dialect().foreignKeysNeedReferences()) {
            needs.add("REFERENCES"); // MySQL checks it when a foreign key is created; MariaDB does not
        }
        if (contents.views()) {
            needs.add("CREATE VIEW");
        }
        if (contents.routines()) {
            needs.add("CREATE ROUTINE");
        }
        if (contents.triggers()) {
            needs.add("TRIGGER");
        }
        if (contents.events()) {
            needs.add("EVENT");
        }
        return needs;
    }

    /** The privileges the user lacks on some schema, as one line per server with the GRANT that fixes it. */
    static List<String> missing(String side, Endpoint endpoint, Grants grants, List<String> needs, List<String> schemas) {
        Set<String> lacking = new LinkedHashSet<>();
        Set<String> where = new LinkedHashSet<>();
        for (String schema : schemas) {
            for (String privilege : needs) {
                if (!grants.has(privilege, schema)) {
                    lacking.add(privilege);
                    where.add(schema);
                }
            }
        }
        if (lacking.isEmpty()) {
            return List.of();
        }
        List<String> grantsToRun = where.stream()
            .map(s -> "GRANT " + String.join(", ", lacking) + " ON " + Sql.name(s) + ".* TO " + account(endpoint) + ";")
            .toList();
        return List.of("the " + side + " user " + endpoint.uri().user() + " at " + endpoint.uri() + " lacks "
            + String.join(", ", lacking) + " on " + where + ": " + String.join(" ", grantsToRun));
    }

    private static String account(Endpoint endpoint) {
        return SqlLiteral.of(endpoint.uri().user()) + "@'<its host>'";
    }

    private static boolean localInfile(Connection target) throws SQLException {
        try (Statement s = target.createStatement(); ResultSet rs = s.executeQuery("SELECT @@GLOBAL.local_infile")) {
            Queries.requireRow(rs, "SELECT @@GLOBAL.local_infile");
            String v = rs.getString(1);
            return "1".equals(v) || "ON".equalsIgnoreCase(v);
        }
    }

    private static Contents contents(Connection source, List<String> schemas) throws SQLException {
        if (schemas.isEmpty()) {
            return new Contents(false, false, false, false, false);
        }
        String in = String.join(", ", schemas.stream().map(SqlLiteral::of).toList());
        return new Contents(
            any(source, "SELECT 1 FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN (" + in + ") LIMIT 1"),
            any(source, "SELECT 1 FROM information_schema.VIEWS WHERE TABLE_SCHEMA IN (" + in + ") LIMIT 1"),
            any(source, "SELECT 1 FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA IN (" + in + ") LIMIT 1"),
            any(source, "SELECT 1 FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA IN (" + in + ") LIMIT 1"),
            any(source, "SELECT 1 FROM information_schema.EVENTS WHERE EVENT_SCHEMA IN (" + in + ") LIMIT 1"));
    }

    private static boolean any(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /** A setting or privilege the copy needs is missing; nothing was created (exit code 2). */
    public static final class CopyRefused extends BadUsage {
        CopyRefused(String message) {
            super(message);
        }
    }
}
