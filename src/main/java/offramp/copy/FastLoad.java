package offramp.copy;

import offramp.server.Connections;
import offramp.server.Dialect;
import offramp.server.Endpoint;
import offramp.server.Grants;
import offramp.server.Queries;
import offramp.server.ServerIdentity;
import offramp.server.ServerInfo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durability relaxed on the target while the copy loads ({@code --fast-load}, {@code copy: fast-load: true}):
 * commits are written to the OS but not flushed one by one, the binlog is not synced, and on MySQL 8.0.21 and
 * later InnoDB writes no redo log at all. A crash of the target during the load then means starting the copy
 * over (on MySQL with the redo log off, a new target instance). The previous values are journalled before
 * anything changes and are put back at the end of the copy, when it fails or is interrupted (SIGINT, SIGTERM),
 * and, after a kill -9, by the next run in the same work directory before it does anything else; provision starts
 * replication only after the copy has put them back.
 */
public final class FastLoad {

    /**
     * The target's settings before a fast load changed them.
     *
     * @param globals the global variables it changes, with their values before
     * @param redoLog whether InnoDB wrote its redo log before; null where it cannot be switched off
     */
    public record Saved(LinkedHashMap<String, String> globals, Boolean redoLog) {
    }

    private final CopyJournal journal;
    private final Endpoint target;
    private final Dialect flavor;
    private final Saved before;
    private final Map<String, String> relaxed;
    private final Thread onTermination;
    private boolean restored;

    private FastLoad(CopyJournal journal, Endpoint target, Dialect flavor, Saved before, Map<String, String> relaxed) {
        this.journal = journal;
        this.target = target;
        this.flavor = flavor;
        this.before = before;
        this.relaxed = relaxed;
        this.onTermination = new Thread(this::restoreOnTermination, "fast-load restore");
    }

    /**
     * Puts back the settings an earlier run relaxed and could not restore (it was killed); a message saying what
     * was restored, or empty when nothing was relaxed.
     */
    static Optional<String> restoreLeftover(CopyJournal journal, Endpoint target, Dialect flavor) throws SQLException, IOException {
        Saved saved = journal.relaxed();
        if (saved == null) {
            return Optional.empty();
        }
        try (Connection c = Connections.open(target)) {
            restore(c, flavor, saved);
        }
        journal.markRestored();
        return Optional.of("restored the target's " + describe(saved, null) + ", which an interrupted fast load had relaxed");
    }

    /**
     * What to say when the journal records relaxed settings on a target that is not the server at its address now:
     * nothing is put back here, and the DBA learns where and how.
     */
    static String leftoverElsewhere(CopyJournal journal, ServerIdentity recorded, Dialect flavor) {
        List<String> statements = statementsRestoring(journal.relaxed(), flavor);
        return "this work directory records an interrupted fast load on " + recorded.address() + " (the server it was "
            + "then), whose settings may still be relaxed; this is another server, so nothing was put back. On that server "
            + "run: " + String.join("; ", statements);
    }

    /**
     * Before replication starts: puts back what a fast load in the copy work directory {@code copyWorkDir} left
     * relaxed, if anything.
     */
    public static Optional<String> restoreLeftover(Path copyWorkDir, Endpoint target) throws SQLException, IOException {
        if (!Files.exists(copyWorkDir.resolve(CopyJournal.FILE))) {
            return Optional.empty();
        }
        try (CopyJournal journal = CopyJournal.open(copyWorkDir); Connection c = Connections.open(target)) {
            return restoreLeftover(journal, target, ServerInfo.read(c).dialect());
        }
    }

    /**
     * Relaxes the target's durability for the load, once its previous values are in the journal. Refuses, with the
     * grant to give, a user who may not change them; changes nothing then.
     */
    static FastLoad relax(CopyJournal journal, Endpoint endpoint, Connection target, ServerInfo info) throws SQLException, IOException {
        Dialect flavor = info.dialect();
        Saved saved = read(target, info);
        checkAllowed(endpoint, target, info);
        journal.markRelaxed(saved);
        LinkedHashMap<String, String> wanted = flavor.fastLoadSettings();
        FastLoad fast = new FastLoad(journal, endpoint, flavor, saved, wanted);
        Runtime.getRuntime().addShutdownHook(fast.onTermination); // from here on SIGINT and SIGTERM put them back
        synchronized (fast) { // the hook waits for the changes to be made before it puts them back
            fast.apply(target, wanted, endpoint, info);
        }
        return fast;
    }

    /** Makes the changes; on a failure puts back what it changed, or says how when it cannot. */
    private void apply(Connection target, Map<String, String> wanted, Endpoint endpoint, ServerInfo info) throws SQLException {
        try (Statement s = target.createStatement()) {
            for (Map.Entry<String, String> setting : wanted.entrySet()) {
                s.execute(flavor.setGlobal(setting.getKey(), setting.getValue()));
            }
            if (Boolean.TRUE.equals(before.redoLog())) {
                s.execute(flavor.switchRedoLog(false));
            }
        } catch (SQLException e) {
            try {
                restore();
            } catch (SQLException | IOException | RuntimeException notRestored) {
                forgetHook();
                e.addSuppressed(notRestored);
                throw new SQLException("relaxing the target's settings failed (" + e.getMessage() + ") and putting them back "
                    + "failed too (" + notRestored.getMessage() + "): rerun the same command (it puts them back first) or run "
                    + "on the target: " + String.join("; ", restoreStatements()), e.getSQLState(), e.getErrorCode(), e);
            }
            throw refuseIfDenied(e, endpoint, flavor);
        }
    }

    /** What a fast load would change on the target, for preflight: {@code innodb_flush_log_at_trx_commit 1 -> 2, ...}. */
    public static String preview(Connection target, ServerInfo info) throws SQLException {
        return describe(read(target, info), info.dialect().fastLoadSettings());
    }

    /**
     * Refuses a user who may not change the settings, with the grant to give. Setting each variable to its own
     * value changes nothing; the redo log switch cannot be tried that way, so its privilege is read from the user's
     * grants (through its roles; a role granted but not active in this session is not counted).
     */
    public static void checkAllowed(Endpoint endpoint, Connection target, ServerInfo info) throws SQLException {
        try (Statement s = target.createStatement()) {
            for (String name : info.dialect().fastLoadSettings().keySet()) {
                s.execute("SET GLOBAL " + name + " = @@GLOBAL." + name);
            }
        } catch (SQLException e) {
            throw refuseIfDenied(e, endpoint, info.dialect());
        }
        if (info.dialect().canDisableRedoLog() && !Grants.read(target).hasGlobal(REDO_PRIVILEGE)) {
            throw refused(endpoint, info.dialect(), "no " + REDO_PRIVILEGE + " to switch the redo log off");
        }
    }

    private static final String REDO_PRIVILEGE = "INNODB_REDO_LOG_ENABLE";

    private static Saved read(Connection target, ServerInfo info) throws SQLException {
        Dialect flavor = info.dialect();
        LinkedHashMap<String, String> globals = new LinkedHashMap<>();
        try (Statement s = target.createStatement(); ResultSet rs = s.executeQuery(flavor.readGlobals(flavor.fastLoadSettings().keySet()))) {
            Queries.requireRow(rs, flavor.readGlobals(flavor.fastLoadSettings().keySet()));
            int i = 1;
            for (String name : flavor.fastLoadSettings().keySet()) {
                globals.put(name, rs.getString(i++));
            }
        }
        return new Saved(globals, flavor.canDisableRedoLog() ? ServerInfo.redoLogOn(target, flavor) : null);
    }

    /** Refuses (exit 2) a user the server denied, naming the grant; any other error is returned to be thrown. */
    private static SQLException refuseIfDenied(SQLException e, Endpoint endpoint, Dialect flavor) {
        if (e.getErrorCode() != Sessions.ER_SPECIFIC_ACCESS_DENIED && e.getErrorCode() != Sessions.ER_SPECIFIC_ACCESS_DENIED_8) {
            return e;
        }
        throw refused(endpoint, flavor, e.getMessage());
    }

    private static CopyRequirements.CopyRefused refused(Endpoint endpoint, Dialect flavor, String why) {
        return new CopyRequirements.CopyRefused("--fast-load changes global settings on the target, which "
            + endpoint.uri().user() + " may not (" + why + "). " + flavor.fastLoadGrant(endpoint.uri().user())
            + ", or copy without --fast-load (nothing was changed)");
    }

    /**
     * Puts the saved values back, each on its own so that one refused statement leaves none of the others relaxed;
     * the redo log is switched on only when it is off. Waits for locks at most a minute.
     */
    private static void restore(Connection c, Dialect flavor, Saved saved) throws SQLException {
        List<String> failures = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            attempt(s, "SET SESSION lock_wait_timeout = 60", failures);
            boolean redoOff;
            try {
                redoOff = !ServerInfo.redoLogOn(c, flavor);
            } catch (SQLException unknown) {
                redoOff = true; // switching it on when it is on changes nothing
            }
            if (Boolean.TRUE.equals(saved.redoLog()) && redoOff) {
                attempt(s, flavor.switchRedoLog(true), failures);
            }
            for (Map.Entry<String, String> setting : saved.globals().entrySet()) {
                attempt(s, flavor.setGlobal(setting.getKey(), setting.getValue()), failures);
            }
        }
        if (!failures.isEmpty()) {
            throw new SQLException("could not put back: " + String.join("; ", failures));
        }
    }

    private static void attempt(Statement s, String statement, List<String> failures) {
        try {
            s.execute(statement);
        } catch (SQLException e) {
            failures.add(statement + " (" + e.getMessage() + ")");
        }
    }

    /** Puts the target's settings back and journals it; once only. */
    synchronized void restore() throws SQLException, IOException {
        if (restored) {
            return;
        }
        try (Connection c = Connections.open(target)) {
            restore(c, flavor, before);
        }
        journal.markRestored();
        restored = true;
        forgetHook();
    }

    private void forgetHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(onTermination);
        } catch (IllegalStateException shuttingDown) {
            // the hook is what is restoring
        }
    }

    /**
     * After a failure: puts the settings back, or says how when the target cannot be reached. Never throws: the
     * failure that brought us here is what the DBA must see.
     */
    synchronized void restoreAfterFailure(PrintStream log) {
        if (restored) {
            return;
        }
        try {
            restore();
            log.println("copy: fast load: the target's " + describe(before, null) + " restored");
        } catch (SQLException | IOException | RuntimeException e) {
            forgetHook(); // said once is enough: the rerun restores them
            log.println("copy: fast load: could not restore the target's settings (" + e.getMessage() + "); rerun the same "
                + "command, with the same work directory (it puts them back before anything else), or run on the target: "
                + String.join("; ", restoreStatements()));
        }
    }

    private void restoreOnTermination() {
        restoreAfterFailure(System.err);
    }

    private List<String> restoreStatements() {
        return statementsRestoring(before, flavor);
    }

    private static List<String> statementsRestoring(Saved saved, Dialect flavor) {
        List<String> statements = new ArrayList<>();
        if (Boolean.TRUE.equals(saved.redoLog())) {
            statements.add(flavor.switchRedoLog(true));
        }
        saved.globals().forEach((name, value) -> statements.add(flavor.setGlobal(name, value)));
        return statements;
    }

    /** What the fast load changed: {@code innodb_flush_log_at_trx_commit 1 -> 2, sync_binlog 1 -> 0, redo log off}. */
    public String describe() {
        return describe(before, relaxed);
    }

    private static String describe(Saved before, Map<String, String> relaxed) {
        List<String> parts = new ArrayList<>();
        before.globals().forEach((name, value) -> parts.add(name + " " + (relaxed == null ? value
            : value + " -> " + relaxed.get(name))));
        if (Boolean.TRUE.equals(before.redoLog())) {
            parts.add(relaxed == null ? "redo log on" : "redo log off");
        }
        return String.join(", ", parts);
    }
}
