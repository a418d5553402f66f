package offramp.accounts;

import offramp.server.Dialect;
import offramp.server.Grants;
import offramp.usage.BadUsage;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Carries accounts from a source to a target: {@link #plan} reads both and decides before anything changes,
 * refusing what cannot be carried; {@link #create} creates the accounts before the schema objects (their definers),
 * {@link #grant} gives their grants after them (grants on tables, columns and routines need them).
 */
public final class AccountCopy {

    /** What the copy's journal knows about accounts, so that an interrupted copy finishes the ones it began. */
    public interface Journal {
        /** A copy that has begun nothing: for a preview. */
        Journal NONE = new Journal() {
            @Override
            public boolean started(AccountName account) {
                return false;
            }

            @Override
            public void starting(AccountName account) {
                throw new IllegalStateException("a preview creates no account");
            }
        };

        /** Whether this copy began to create the account. */
        boolean started(AccountName account);

        /** Records, before it is created, that this copy creates the account. */
        void starting(AccountName account) throws IOException;
    }

    private static final int ER_DBACCESS_DENIED = 1044;
    private static final int ER_TABLEACCESS_DENIED = 1142;
    private static final int ER_SPECIFIC_ACCESS_DENIED = 1227;

    private final Connection source;
    private final Dialect sourceDialect;
    private final Connection target;
    private final Dialect targetDialect;
    private final AccountSelection selection;

    public AccountCopy(Connection source, Dialect sourceDialect, Connection target, Dialect targetDialect,
                       AccountSelection selection) {
        this.source = source;
        this.sourceDialect = sourceDialect;
        this.target = target;
        this.targetDialect = targetDialect;
        this.selection = selection;
    }

    /**
     * The plan for every account of the source; refused (BadUsage, before the target changes) when an account
     * cannot be carried as it is. Between families each wanted account is listed, to be created by hand.
     */
    public AccountPlan plan(Journal journal) throws SQLException {
        try {
            return planned(journal);
        } catch (SQLException denied) {
            if (denied.getErrorCode() != ER_TABLEACCESS_DENIED && denied.getErrorCode() != ER_DBACCESS_DENIED
                && denied.getErrorCode() != ER_SPECIFIC_ACCESS_DENIED) {
                throw denied;
            }
            throw new BadUsage("copy: cannot read the accounts to carry (" + denied.getMessage() + "): grant the copy's "
                + "users SELECT ON mysql.* on both servers, or pass --exclude-users '*' to carry none");
        }
    }

    private AccountPlan planned(Journal journal) throws SQLException {
        if (!targetDialect.createsAccountsOf(sourceDialect) && !selection.carriesNone()) {
            AccountReader from = new AccountReader(source, sourceDialect);
            Set<AccountName> own = new HashSet<>(List.of(from.current(), new AccountReader(target, targetDialect).current()));
            String reason = "is not carried from " + sourceDialect.label() + " to " + targetDialect.label()
                + " (their account statements differ): create it on the target by hand";
            List<AccountPlan.Decision> all = new ArrayList<>();
            for (var e : from.names().entrySet()) {
                String skip = selection.leftOut(e.getKey(), own).orElse(null);
                all.add(new AccountPlan.Decision(new AccountDefinition(e.getKey(), e.getValue(), "", List.of()),
                    skip == null ? AccountPlan.Action.BY_HAND : AccountPlan.Action.SKIP, skip == null ? reason : skip,
                    List.of()));
            }
            return new AccountPlan(all, List.of());
        }
        if (selection.carriesNone()) {
            return new AccountPlan(List.of(), List.of());
        }
        AccountSides sides = AccountSides.read(source, sourceDialect, target, targetDialect, selection);
        AccountPlanner planner = new AccountPlanner(selection, sides.own(), sourceDialect::authenticationPlugins,
            sides.targetPlugins(), targetDialect::installPluginAdvice,
            sides.source().stream().map(AccountDefinition::name).filter(journal::started).collect(Collectors.toSet()));
        AccountPlan plan = planner.plan(sides.source(), sides.target());
        List<String> refusals = new ArrayList<>(plan.refusals());
        Grants targetGrants = plan.with(AccountPlan.Action.CARRY).isEmpty() ? null : Grants.read(target);
        if (targetGrants != null && targetGrants.complete() && !targetGrants.hasGlobal("CREATE USER")) {
            refusals.add("the target's user lacks CREATE USER, which creating the accounts needs: GRANT CREATE USER ON *.* "
                + "TO " + new AccountReader(target, targetDialect).current()
                + " on the target (and the privileges it is to grant, WITH GRANT OPTION), or pass --exclude-users '*'");
        }
        if (!refusals.isEmpty()) {
            throw new BadUsage("copy: accounts the target cannot hold (nothing was changed):\n  "
                + String.join("\n  ", refusals));
        }
        return plan;
    }

    /**
     * Creates the planned accounts, roles first, without their grants: before the schema objects, so that their
     * definers exist when they are created.
     */
    public void create(AccountPlan plan, Journal journal) throws SQLException, IOException {
        try (Statement s = target.createStatement()) {
            for (AccountPlan.Decision d : plan.with(AccountPlan.Action.CARRY)) {
                if (!journal.started(d.name())) {
                    journal.starting(d.name());
                }
                s.execute(d.definition().create()); // absent from the target when planned
            }
        }
    }

    /**
     * Gives the carried accounts their grants, after the schema objects (grants on tables, columns and routines
     * need them); GRANT adds and never takes away, so giving them again after an interruption is harmless. A grant
     * the target refuses (an object that was not copied) is told and the rest go on. Returns what the DBA is told.
     */
    public List<String> grant(AccountPlan plan) throws SQLException {
        List<AccountPlan.Decision> carry = plan.decisions().stream()
            .filter(d -> d.action() == AccountPlan.Action.CARRY || d.action() == AccountPlan.Action.FINISH).toList();
        List<String> notes = new ArrayList<>();
        try (Statement s = target.createStatement()) {
            for (AccountPlan.Decision d : carry) {
                for (String grant : d.definition().grants()) {
                    if (GrantText.onlyUsage(grant)) {
                        continue;
                    }
                    try {
                        s.execute(grant);
                    } catch (SQLException refused) {
                        notes.add("account " + d.name() + ": the target refused " + GrantText.describe(grant) + ": "
                            + refused.getMessage());
                    }
                }
            }
        }
        if (!carry.isEmpty()) {
            notes.add("accounts carried: " + carry.stream().map(d -> d.name().toString()).collect(Collectors.joining(", ")));
        }
        return notes;
    }
}
