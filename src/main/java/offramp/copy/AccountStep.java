package offramp.copy;

import offramp.accounts.AccountCopy;
import offramp.accounts.AccountName;
import offramp.accounts.AccountPlan;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The copy's accounts: planned before the target changes (and said), created before the schema objects (whose
 * definers they may be), granted after them; journalled, so that a rerun finishes the accounts this copy began.
 */
final class AccountStep {

    private static final String STEP = "accounts";

    private final AccountCopy accounts;
    private final CopyJournal journal;
    private final AccountPlan plan;

    private AccountStep(AccountCopy accounts, CopyJournal journal, AccountPlan plan) {
        this.accounts = accounts;
        this.journal = journal;
        this.plan = plan;
    }

    /** Decides what to do with each account, or refuses (BadUsage) before anything changes; says what it will do. */
    static AccountStep plan(AccountCopy accounts, CopyJournal journal, PrintStream log) throws SQLException {
        AccountPlan plan = journal.stepDone(STEP) ? null : accounts.plan(of(journal));
        if (plan != null) {
            plan.notes().forEach(n -> log.println("copy: " + n));
        }
        return new AccountStep(accounts, journal, plan);
    }

    void create() throws SQLException, IOException {
        if (plan != null && !journal.stepDone(STEP)) {
            accounts.create(plan, of(journal));
        }
    }

    /** Gives the grants and records the step done; returns what the DBA is told. */
    List<String> grant() throws SQLException, IOException {
        if (plan == null || journal.stepDone(STEP)) {
            return List.of();
        }
        List<String> notes = new ArrayList<>(plan.notes());
        notes.addAll(accounts.grant(plan));
        journal.markStep(STEP);
        return notes;
    }

    private static AccountCopy.Journal of(CopyJournal journal) {
        return new AccountCopy.Journal() {
            @Override
            public boolean started(AccountName account) {
                return journal.stepDone("account " + account);
            }

            @Override
            public void starting(AccountName account) throws IOException {
                journal.markStep("account " + account);
            }
        };
    }
}
