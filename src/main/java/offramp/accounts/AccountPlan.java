package offramp.accounts;

import java.util.List;

/**
 * What a copy does with each account of the source, decided before the target is changed, and what refuses it.
 *
 * @param decisions one per account of the source
 * @param refusals  accounts that cannot be carried as they are, each with what to do; the copy stops before it
 *                  changes anything when there are some
 */
public record AccountPlan(List<Decision> decisions, List<String> refusals) {

    public AccountPlan {
        decisions = List.copyOf(decisions);
        refusals = List.copyOf(refusals);
    }

    public enum Action {
        /** Absent from the target: created with its grants. */
        CARRY,
        /** Created by this copy before an interruption: its grants are given again (GRANT adds, never takes away). */
        FINISH,
        /** On the target with the same definition: left alone. */
        SAME,
        /** On the target with another definition: reported, left alone. */
        DIFFERS,
        /** Not carried: left out by the selection or the defaults. */
        SKIP,
        /** Wanted, but not carried between these servers: to be created by hand (the reason says why). */
        BY_HAND
    }

    /**
     * @param definition the account as it is to be carried (Aurora's privileges removed)
     * @param action     what is done
     * @param reason     why it is skipped, or how it differs
     * @param leftOut    the privileges and roles it had that the target cannot hold
     */
    public record Decision(AccountDefinition definition, Action action, String reason, List<String> leftOut) {

        public Decision {
            leftOut = List.copyOf(leftOut);
        }

        public AccountName name() {
            return definition.name();
        }
    }

    public List<Decision> with(Action action) {
        return decisions.stream().filter(d -> d.action() == action).toList();
    }

    /** What a DBA reads about the accounts: counts, then what differs and what was left out, account by account. */
    public List<String> notes() {
        List<String> notes = new java.util.ArrayList<>();
        notes.add("accounts: " + (with(Action.CARRY).size() + with(Action.FINISH).size()) + " to carry, "
            + with(Action.SAME).size() + " already on the target, " + with(Action.DIFFERS).size() + " differ, "
            + with(Action.SKIP).size() + " left out" + (with(Action.BY_HAND).isEmpty() ? ""
            : ", " + with(Action.BY_HAND).size() + " to create by hand"));
        for (Decision d : with(Action.BY_HAND)) {
            notes.add("account " + d.name() + " " + d.reason());
        }
        for (Decision d : with(Action.DIFFERS)) {
            notes.add("account " + d.name() + " differs on the target and was left as it is: " + d.reason()
                + "; compare SHOW CREATE USER and SHOW GRANTS on both servers and align it by hand");
        }
        for (Decision d : decisions) {
            if (!d.leftOut().isEmpty()) {
                notes.add("account " + d.name() + ": left out, only Aurora has them: " + String.join(", ", d.leftOut())
                    + "; grant what replaces them on the target by hand if the application needs it");
            }
        }
        return notes;
    }
}
