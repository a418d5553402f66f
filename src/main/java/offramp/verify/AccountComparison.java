package offramp.verify;

import offramp.accounts.AccountDefinition;
import offramp.accounts.AccountName;
import offramp.accounts.AccountReader;
import offramp.accounts.AuroraPrivileges;
import offramp.accounts.AccountSelection;
import offramp.accounts.AccountSides;
import offramp.accounts.GrantText;
import offramp.server.AccountText;
import offramp.server.Connections;
import offramp.server.Dialect;
import offramp.server.Endpoint;
import offramp.server.ServerInfo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Accounts and grants as one more part of a comparison, in one direction: every account of the left that the
 * selection takes (by default all but the server's, the platform's and offramp's own, as a copy carries them)
 * must be on the right with the same authentication, options and grants; accounts only the right has (its own
 * administrators, the replication user) are not differences. Aurora's own privileges, which a copy leaves out, are
 * not compared. Hashes are never shown: a differing authentication shows its CREATE USER with literals blanked.
 */
public final class AccountComparison {

    private AccountComparison() {
    }

    /**
     * The accounts that differ between two servers, or a note saying why they were not compared (servers of two
     * families, whose statements differ; no right to read the accounts).
     */
    public record Result(List<Difference> differences, int compared, String notCompared) {
    }

    /** Compares the accounts of two servers, each on a connection of its own. */
    public static Result compare(Endpoint left, Endpoint right, AccountSelection selection) throws SQLException {
        try (Connection l = Connections.open(left); Connection r = Connections.open(right)) {
            return compare(l, ServerInfo.read(l).dialect(), r, ServerInfo.read(r).dialect(), selection);
        }
    }

    public static Result compare(Connection left, Dialect leftDialect, Connection right, Dialect rightDialect,
                                 AccountSelection selection) {
        if (!rightDialect.createsAccountsOf(leftDialect)) {
            return new Result(List.of(), 0, "accounts not compared: " + leftDialect.label() + " and " + rightDialect.label()
                + " print them differently");
        }
        try {
            AccountSides sides = AccountSides.read(left, leftDialect, right, rightDialect, selection);
            List<AccountDefinition> selected = sides.selected(selection);
            return new Result(differences(selected, sides.target()), selected.size(), null);
        } catch (SQLException cannotRead) {
            return new Result(List.of(), 0, "accounts not compared: " + cannotRead.getMessage()
                + " (the comparing account needs SELECT on mysql.*; or pass --no-accounts)");
        }
    }

    /**
     * The application accounts {@code names}, as the left has them (Aurora's own privileges aside), against the
     * right: the same authentication, options and grants, whether either side has the account locked (the cutover
     * keeps them locked on the side that does not take writes). Accounts missing on a side are not read here.
     */
    public static List<Difference> applicationAccounts(Connection left, Dialect leftDialect, Connection right,
                                                       Dialect rightDialect, List<AccountName> names) throws SQLException {
        AccountReader l = new AccountReader(left, leftDialect);
        AccountReader r = new AccountReader(right, rightDialect);
        List<AccountDefinition> leftAccounts = new ArrayList<>();
        Map<AccountName, AccountDefinition> rightAccounts = new java.util.LinkedHashMap<>();
        for (AccountName name : names) {
            leftAccounts.add(unlocked(AuroraPrivileges.carried(l.read(name, false)).definition()));
            rightAccounts.put(name, unlocked(r.read(name, false)));
        }
        return differences(leftAccounts, rightAccounts);
    }

    /** The account as if it were not locked: its lock is the fence's, not its definition. */
    static AccountDefinition unlocked(AccountDefinition a) {
        return new AccountDefinition(a.name(), a.role(), a.create().replaceAll(" ACCOUNT (?:UN)?LOCK\\b", ""), a.grants());
    }

    /** What differs, account by account, for the left's accounts against the right's definitions of them. */
    static List<Difference> differences(List<AccountDefinition> left, Map<AccountName, AccountDefinition> right) {
        List<Difference> differences = new ArrayList<>();
        for (AccountDefinition l : left) {
            String object = (l.role() ? "role " : "account ") + l.name();
            AccountDefinition r = right.get(l.name());
            if (r == null) {
                differences.add(new Difference(object, null, "exists", null));
                continue;
            }
            if (!l.create().equals(r.create())) {
                differences.add(new Difference(object, "authentication and account options",
                    AccountText.withoutSecrets(l.create()), AccountText.withoutSecrets(r.create())));
            }
            for (String missing : l.missingFrom(r)) {
                differences.add(new Difference(object, "grant " + missing, "granted", null));
            }
            for (String extra : r.missingFrom(l)) {
                differences.add(new Difference(object, "grant " + extra, null, "granted"));
            }
        }
        return differences;
    }
}
