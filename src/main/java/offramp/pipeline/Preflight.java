package offramp.pipeline;

import offramp.accounts.AccountCopy;
import offramp.catalog.Catalog;
import offramp.catalog.SystemSchemas;
import offramp.copy.CopyOptions;
import offramp.copy.CopyRequirements;
import offramp.copy.FastLoad;
import offramp.copy.RedoLogCheck;
import offramp.copy.Sessions;
import offramp.copy.TargetDisk;
import offramp.server.BinlogRetention;
import offramp.server.Connections;
import offramp.server.Endpoint;
import offramp.server.Grants;
import offramp.server.Queries;
import offramp.server.Secret;
import offramp.server.ServerInfo;
import offramp.server.SqlLiteral;
import offramp.snapshot.ProviderCheck;
import offramp.snapshot.SnapshotProvider;
import offramp.usage.BadUsage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks everything that can be checked before anything is created or changed: versions and flavors, binary
 * logging and its retention, the replication user and its grant, and a target that is reachable, empty and
 * compatible. Each check says what it found and, when it fails, the fix.
 */
public final class Preflight {

    private final Endpoint source;
    private final Endpoint target;
    private final String replicationUser;
    private final Secret replicationPassword;
    private final SnapshotProvider provider;
    private final boolean auroraSource;
    private final Integer raiseRetentionHours;
    private final CopyOptions copy;

    /**
     * @param replicationPassword the password the replica will log in to the source with
     * @param raiseRetentionHours on Aurora, raise 'binlog retention hours' to this when it is under a day; null to
     *                            only report it
     * @param copy                how the copy will run (threads, binlog, scope), for the checks of the target
     */
    public Preflight(Endpoint source, Endpoint target, String replicationUser, Secret replicationPassword,
                     SnapshotProvider provider, Integer raiseRetentionHours, CopyOptions copy) {
        this.copy = Objects.requireNonNull(copy, "copy");
        this.source = source;
        this.target = target;
        this.replicationUser = replicationUser;
        this.replicationPassword = replicationPassword;
        this.provider = provider;
        this.auroraSource = provider.name().equals("aurora");
        this.raiseRetentionHours = raiseRetentionHours;
    }

    /**
     * The schemas the copy takes (names and patterns of {@code copy.schemas}) exist on the source, whose schemas
     * the clone will hold; they are returned, or null when they are refused.
     */
    private List<String> checkCopyScope(Connection s, List<Check> checks) throws SQLException {
        List<String> wanted = copy.schemas();
        List<String> excluded = copy.excludeTables();
        try {
            Catalog catalog = new Catalog(s);
            List<String> schemas = catalog.schemas(wanted);
            catalog.requireExclusionsMatch(schemas, excluded);
            if (!wanted.isEmpty() || !excluded.isEmpty()) {
                checks.add(Check.pass("copy schemas", schemas + " on the source " + source.uri()
                    + (excluded.isEmpty() ? "" : ", excluding " + excluded)));
            }
            return schemas;
        } catch (BadUsage e) {
            checks.add(Check.fail("copy schemas", e.getMessage().replace("on the server", "on the source " + source.uri()),
                "correct copy.schemas / copy.exclude-tables in the configuration (names, or patterns with * and ?)"));
            return null;
        }
    }

    public List<Check> run() {
        List<Check> checks = new ArrayList<>();
        try {
            for (ProviderCheck c : provider.preflight()) {
                checks.add(c.passed() ? Check.pass(c.name(), c.detail()) : Check.fail(c.name(), c.detail(), c.fix()));
            }
        } catch (Exception e) {
            checks.add(Check.fail(provider.name() + " provider", e.getMessage(),
                "check the provider's settings, credentials (the AWS default chain: environment, profile, instance role) and region"));
        }
        Connection s = connect(source, "check source.uri, its password (OFFRAMP_SOURCE_PASSWORD or source.password-file) "
            + "and the network", checks);
        if (s == null) {
            return checks;
        }
        try (s) {
            ServerInfo si = ServerInfo.read(s);
            checks.add(Check.pass("source", si.dialect().label() + " " + si.version() + " at " + source.uri()));
            checkBinlog(s, si, checks);
            checkReplicationUser(s, checks);
            Check login = PreflightLogin.check(s, replicationUser, replicationPassword);
            if (login != null) {
                checks.add(login);
            }
            List<String> schemas = checkCopyScope(s, checks);
            reachTarget(s, si, schemas, checks);
        } catch (SQLException e) {
            checks.add(Check.fail("source", "a check could not read what it needs: " + e.getMessage(),
                "give the source user what the message names, or check that the server still runs"));
        }
        return checks;
    }

    /** A connection to {@code server}, or null after a FAIL line that says why, with {@code fix}. */
    private static Connection connect(Endpoint server, String fix, List<Check> checks) {
        try {
            return Connections.open(server);
        } catch (SQLException e) {
            checks.add(Check.fail(server.role(), "cannot connect: " + e.getMessage(), fix));
            return null;
        }
    }

    /** The target's checks, once it is reached. */
    private void reachTarget(Connection s, ServerInfo si, List<String> schemas, List<Check> checks) {
        Connection t = connect(target, "check target.uri, its password (OFFRAMP_TARGET_PASSWORD or target.password-file) "
            + "and that it runs", checks);
        if (t == null) {
            return;
        }
        try (t) {
            ServerInfo ti = ServerInfo.read(t);
            checks.add(Check.pass("target", ti.dialect().label() + " " + ti.version() + " at " + target.uri()));
            checkTarget(s, si, t, ti, schemas, checks);
            checkReplicaControl(t, ti, checks);
            if (schemas != null) {
                checkCopyPrivileges(s, t, ti, schemas, checks);
            }
            checkAccounts(s, si, t, ti, checks);
        } catch (SQLException e) {
            checks.add(Check.fail("target", "a check could not read what it needs: " + e.getMessage(),
                "give the target user what the message names, or check that the server still runs"));
        }
    }

    /** The target's user may configure and start replication, which the replicate step does only after the copy. */
    private void checkReplicaControl(Connection t, ServerInfo ti, List<Check> checks) throws SQLException {
        Grants grants = Grants.read(t);
        List<String> any = ti.dialect().replicaControlPrivileges();
        if (any.stream().anyMatch(grants::hasGlobal)) {
            checks.add(Check.pass("replica control", "the target user " + target.uri().user() + " has " + String.join(" or ", any)));
        } else if (grants.complete()) {
            checks.add(Check.fail("replica control", "the target user " + target.uri().user() + " lacks " + String.join(" or ", any)
                + ": the replicate step, after the copy, could not configure and start replication",
                ti.dialect().replicaControlGrant(SqlLiteral.of(target.uri().user()) + "@'<its host>'")));
        }
    }

    private void checkBinlog(Connection s, ServerInfo si, List<Check> checks) throws SQLException {
        if (!si.logBin()) {
            checks.add(Check.fail("binlog", "binary logging is off on the source",
                si.dialect().turnOnBinlogAdvice()));
            return;
        }
        String format = string(s, "SELECT @@GLOBAL.binlog_format");
        checks.add("STATEMENT".equalsIgnoreCase(format)
            ? Check.warn("binlog format", "STATEMENT", "ROW or MIXED replicates non-deterministic statements safely")
            : Check.pass("binlog format", format));
        Long aurora = BinlogRetention.rdsRetentionHours(s);
        if (aurora != null && aurora < 24 && raiseRetentionHours != null) {
            try (Statement st = s.createStatement()) {
                st.execute("CALL mysql.rds_set_configuration('binlog retention hours', " + raiseRetentionHours + ")");
            }
            checks.add(Check.pass("binlog retention raised", "from " + (aurora < 0 ? "unset" : aurora + " hours") + " to "
                + raiseRetentionHours + " hours (snapshot.aurora.set-retention-hours)"));
            aurora = BinlogRetention.rdsRetentionHours(s);
        }
        if (aurora != null) {
            checks.add(aurora < 24 ? Check.fail("binlog retention", aurora < 0 ? "not set: Aurora purges binlogs at once"
                    : aurora + " hours", "CALL mysql.rds_set_configuration('binlog retention hours', 168); the copy and the "
                    + "catch-up must finish before the source purges the snapshot's binlog")
                : Check.pass("binlog retention", aurora + " hours"));
            return;
        }
        long seconds = BinlogRetention.read(s, si.dialect()).seconds();
        checks.add(seconds == 0 ? Check.pass("binlog retention", "binlogs are never purged automatically")
            : seconds < 86400 ? Check.warn("binlog retention", seconds / 3600 + " hours",
                "keep binlogs longer than the copy and catch-up will take (" + si.dialect().retentionSetting() + ")")
            : Check.pass("binlog retention", seconds / 3600 + " hours"));
    }

    private void checkReplicationUser(Connection s, List<Check> checks) {
        String grant = "GRANT REPLICATION SLAVE ON *.* TO '" + replicationUser + "'@'<the replica's IP>'";
        try (PreparedStatement ps = s.prepareStatement("SELECT GRANTEE FROM information_schema.USER_PRIVILEGES "
            + "WHERE PRIVILEGE_TYPE IN ('REPLICATION SLAVE', 'REPLICATION REPLICA') AND GRANTEE LIKE ?")) {
            ps.setString(1, "'" + replicationUser.replace("'", "''") + "'@%");
            try (ResultSet rs = ps.executeQuery()) {
                List<String> grantees = new ArrayList<>();
                while (rs.next()) {
                    grantees.add(rs.getString(1));
                }
                checks.add(grantees.isEmpty()
                    ? Check.fail("replication user", replicationUser + " has no REPLICATION SLAVE on the source (or the "
                        + "source user cannot see its grants)", grant + " (Aurora: grant it to an IP; it runs with skip_name_resolve)")
                    : hostNamed(grantees)
                        ? Check.fail("replication user", String.join(", ", grantees) + " is granted to a host name; "
                            + "Aurora runs with skip_name_resolve, so the replica's login would be refused",
                            grant + " with the replica's IP address")
                        : Check.pass("replication user", String.join(", ", grantees) + " has REPLICATION SLAVE"));
            }
        } catch (SQLException e) {
            checks.add(Check.warn("replication user", "cannot read grants: " + e.getMessage(), grant));
        }
    }

    /**
     * With skip_name_resolve (always on Aurora) only IP addresses, patterns of them and localhost match; a grant to
     * a host name never does. Only asked of Aurora sources.
     */
    private boolean hostNamed(List<String> grantees) {
        if (!auroraSource) {
            return false;
        }
        return grantees.stream().map(g -> g.substring(g.lastIndexOf('@') + 1).replace("'", ""))
            .allMatch(host -> host.matches(".*[a-zA-Z].*") && !host.equals("localhost") && !host.contains(":"));
    }

    private void checkTarget(Connection s, ServerInfo si, Connection t, ServerInfo ti, List<String> copied, List<Check> checks)
        throws SQLException {
        if (si.serverId() == ti.serverId()) {
            checks.add(Check.fail("server ids", "source and target both have server_id " + si.serverId(),
                "give the target another server_id: a replica ignores events carrying its own"));
        }
        List<String> schemas = new ArrayList<>();
        try (Statement st = t.createStatement(); ResultSet rs = st.executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA")) {
            while (rs.next()) {
                if (!SystemSchemas.contains(rs.getString(1))) {
                    schemas.add(rs.getString(1));
                }
            }
        }
        checks.add(schemas.isEmpty() ? Check.pass("target empty", "no application schemas")
            : Check.fail("target empty", "the target holds " + schemas, "provision into an empty server, or drop them"));
        try (Statement st = t.createStatement(); ResultSet rs = st.executeQuery(ti.dialect().showReplicaStatus())) {
            if (rs.next()) {
                checks.add(Check.fail("target not a replica", "the target already replicates from "
                    + rs.getString(ti.dialect().statusColumn("Master_Host")), ti.dialect().resetReplicaAll() + " on the target, or choose another"));
            }
        }
        compare(checks, "lower_case_table_names", s, t, true);
        compare(checks, "max_allowed_packet", s, t, false);
        String localInfile = string(t, "SELECT @@GLOBAL.local_infile");
        checks.add("1".equals(localInfile) || "ON".equalsIgnoreCase(localInfile) ? Check.pass("local_infile", "ON on the target")
            : Check.fail("local_infile", "OFF on the target", "SET GLOBAL local_infile = ON on the target (the copy loads with LOAD DATA LOCAL INFILE)"));
        if (ti.dialect().mapsCollationsFrom(si.dialect())) {
            checks.add(Check.warn("collations", "MySQL 8 source, MariaDB target", "utf8mb4_0900_* collations will be mapped and reported"));
        }
        RedoLogCheck.check(s, t, ti.dialect(), copy.threads(), copy.indexThreads())
            .ifPresent(w -> checks.add(Check.warn("redo log", w.substring(0, w.indexOf(';')), w.substring(w.indexOf(';') + 2))));
        boolean logBin = copy.logBin();
        if (!logBin && !Sessions.maySkipBinlog(t)) {
            logBin = true;
            String w = Sessions.binlogWarning(target.uri().user(), ti.dialect());
            checks.add(Check.warn("copy kept out of the target's binlog", w.substring(0, w.lastIndexOf(';')),
                w.substring(w.lastIndexOf(';') + 2)));
        }
        if (copy.fastLoad()) {
            try {
                FastLoad.checkAllowed(target, t, ti);
                checks.add(Check.pass("fast load", FastLoad.preview(t, ti) + " while the copy runs, put back "
                    + "before replication starts; a crash of the target during the copy means starting it over"));
            } catch (CopyRequirements.CopyRefused e) {
                String m = e.getMessage();
                int fix = m.indexOf(". ");
                checks.add(fix < 0 ? Check.fail("fast load", m, "copy without fast-load")
                    : Check.fail("fast load", m.substring(0, fix), m.substring(fix + 2)));
            }
        }
        if (copied != null) {
            checkTargetDisk(s, t, ti, copied, logBin && ti.logBin(), checks);
        }
    }

    /**
     * The target's free disk against what the copy writes there: refused when too little, a warning saying the need
     * when the free space cannot be known from here.
     */
    private void checkTargetDisk(Connection s, Connection t, ServerInfo ti, List<String> schemas, boolean binlogged,
                                 List<Check> checks) throws SQLException {
        TargetDisk.Finding disk = TargetDisk.check(s, t, target, ti.dialect(), schemas,
            copy.excludeTables(), binlogged);
        checks.add(switch (disk.level()) {
            case PASS -> Check.pass("target disk", disk.detail());
            case WARN -> Check.warn("target disk", disk.detail(), disk.fix());
            case FAIL -> Check.fail("target disk", disk.detail(), disk.fix());
        });
    }

    /**
     * The copy's privileges, which the copy step would otherwise find only after the snapshot: the target's user may
     * create and load the schemas, and, when the copy reads the clone as the source's user, that user may read them
     * whole on the source (the clone has its grants).
     */
    private void checkCopyPrivileges(Connection s, Connection t, ServerInfo ti, List<String> schemas, List<Check> checks)
        throws SQLException {
        boolean sourceSide = provider.readsCloneAsSourceUser();
        CopyRequirements.Lacking lacking = CopyRequirements.lacking(s, source, t, target, ti, schemas, sourceSide);
        String fix = "run the GRANT statements named, then run again";
        checks.add(lacking.problems().isEmpty() ? Check.pass("copy privileges", "the target user " + target.uri().user()
                + " may create and load " + schemas + (sourceSide ? ", the source user " + source.uri().user()
                + " may read them whole" : ""))
            : lacking.uncertain() ? Check.warn("copy privileges", String.join("; ", lacking.problems())
                + " (" + CopyRequirements.UNCERTAIN + ")", fix)
            : Check.fail("copy privileges", String.join("; ", lacking.problems()), fix));
    }

    /** What the copy step will do with the accounts (the clone has the source's), refused before any snapshot. */
    private void checkAccounts(Connection s, ServerInfo si, Connection t, ServerInfo ti, List<Check> checks) throws SQLException {
        try {
            List<String> notes = new AccountCopy(s, si.dialect(), t, ti.dialect(), copy.accounts()).plan(AccountCopy.Journal.NONE).notes();
            checks.add(notes.size() <= 1 ? Check.pass("accounts", notes.isEmpty() ? "none to carry" : notes.get(0))
                : Check.warn("accounts", notes.get(0) + "; " + String.join("; ", notes.subList(1, notes.size())),
                    "see each account's note; copy.exclude-users leaves an account out"));
        } catch (BadUsage refused) {
            List<String> lines = List.of(refused.getMessage().split("\n\\s*"));
            checks.add(Check.fail("accounts", String.join("; ", lines.subList(Math.min(1, lines.size() - 1), lines.size())),
                "install the plugin or grant what is named, or leave the accounts out with copy.exclude-users"));
        }
    }

    private static void compare(List<Check> checks, String variable, Connection s, Connection t, boolean mustEqual) throws SQLException {
        String sv = string(s, "SELECT @@GLOBAL." + variable);
        String tv = string(t, "SELECT @@GLOBAL." + variable);
        boolean ok = mustEqual ? sv.equals(tv) : Long.parseLong(tv) >= Long.parseLong(sv);
        checks.add(ok ? Check.pass(variable, "source " + sv + ", target " + tv)
            : Check.fail(variable, "source " + sv + ", target " + tv, mustEqual
                ? "start the target with " + variable + " = " + sv + " (it can only be set when the data directory is created)"
                : "SET GLOBAL " + variable + " = " + sv + " on the target, or more"));
    }

    private static String string(Connection c, String sql) throws SQLException {
        return Queries.string(c, sql);
    }
}
