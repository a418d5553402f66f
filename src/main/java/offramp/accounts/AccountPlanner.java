package offramp.accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Decides, account by account, what a copy does: a pure function of both servers' accounts, the target's
 * authentication plugins and what this copy's journal says it created.
 *
 * @param selection      which accounts are wanted
 * @param own            the accounts offramp connects with (left out unless named)
 * @param pluginsOf      the authentication plugins an account's CREATE USER names, in its server's words
 * @param targetPlugins  the plugins the target can log in with
 * @param installAdvice  how to give the target a plugin it lacks
 * @param startedByUs    accounts this copy began to create before an interruption
 */
public record AccountPlanner(AccountSelection selection, Set<AccountName> own, Function<String, List<String>> pluginsOf,
                             Set<String> targetPlugins, Function<String, String> installAdvice,
                             Set<AccountName> startedByUs) {

    /**
     * The plan for the source's accounts, given the target's definition of those it has (null for one it lacks).
     */
    public AccountPlan plan(List<AccountDefinition> source, Map<AccountName, AccountDefinition> target) {
        List<AccountPlan.Decision> decisions = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (AccountDefinition account : source) {
            Optional<String> skip = selection.leftOut(account.name(), own);
            if (skip.isPresent()) {
                decisions.add(new AccountPlan.Decision(account, AccountPlan.Action.SKIP, skip.get(), List.of()));
                continue;
            }
            AuroraPrivileges.Carried carried = AuroraPrivileges.carried(account);
            AccountDefinition wanted = carried.definition();
            AccountDefinition there = target.get(account.name());
            AccountPlan.Action action;
            String reason = "";
            if (there == null) {
                action = AccountPlan.Action.CARRY;
            } else if (wanted.sameAs(there)) {
                action = AccountPlan.Action.SAME;
            } else if (startedByUs.contains(account.name()) && wanted.startOf(there)) {
                action = AccountPlan.Action.FINISH;
            } else {
                action = AccountPlan.Action.DIFFERS;
                reason = difference(wanted, there);
            }
            if (action == AccountPlan.Action.CARRY) {
                Set<String> lacking = new TreeSet<>(pluginsOf.apply(wanted.create()));
                lacking.removeAll(targetPlugins);
                for (String plugin : lacking) {
                    refusals.add("account " + account.name() + " logs in with " + plugin + ", which the target lacks: "
                        + installAdvice.apply(plugin) + ", or leave the account out with --exclude-users "
                        + account.name().user() + "@" + account.name().host());
                }
            }
            decisions.add(new AccountPlan.Decision(wanted, action, reason, carried.leftOut()));
        }
        return new AccountPlan(decisions, refusals);
    }

    /** How the target's account differs, without the hashes: the creation, or the grants one side lacks. */
    static String difference(AccountDefinition wanted, AccountDefinition there) {
        List<String> parts = new ArrayList<>();
        if (!wanted.create().equals(there.create())) {
            parts.add("its authentication or account options differ");
        }
        List<String> missing = wanted.missingFrom(there);
        if (!missing.isEmpty()) {
            parts.add("the target lacks " + String.join("; ", missing));
        }
        List<String> extra = there.missingFrom(wanted);
        if (!extra.isEmpty()) {
            parts.add("the target also has " + String.join("; ", extra));
        }
        return String.join(", ", parts);
    }
}
