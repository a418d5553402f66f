package offramp.accounts;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccountPlannerTest {

    private static final AccountName APP = new AccountName("app", "%");
    private static final String CREATE = "CREATE USER `app`@`%` IDENTIFIED VIA ed25519 USING 'SECRETHASH'";
    private static final String USAGE = "GRANT USAGE ON *.* TO `app`@`%` IDENTIFIED VIA ed25519 USING 'SECRETHASH'";
    private static final String SELECT = "GRANT SELECT ON `app`.* TO `app`@`%`";
    private static final String INSERT = "GRANT INSERT ON `app`.`t` TO `app`@`%`";

    private static AccountPlanner planner(Set<String> plugins, Set<AccountName> started) {
        return new AccountPlanner(AccountSelection.DEFAULT, Set.of(), create -> create.contains("ed25519") ? List.of("ed25519")
            : List.of(), plugins, p -> "INSTALL SONAME 'auth_" + p + "'", started);
    }

    private static AccountDefinition app(String create, String... grants) {
        return new AccountDefinition(APP, false, create, List.of(grants));
    }

    private static AccountPlan.Action action(AccountPlan plan) {
        return plan.decisions().get(0).action();
    }

    @Test
    void absentIsCarriedSameIsLeftAloneAndTheOrderOfGrantsDoesNotMatter() {
        AccountPlanner p = planner(Set.of("ed25519"), Set.of());
        AccountDefinition source = app(CREATE, USAGE, SELECT, INSERT);
        assertEquals(AccountPlan.Action.CARRY, action(p.plan(List.of(source), Map.of())));
        assertEquals(AccountPlan.Action.SAME, action(p.plan(List.of(source), Map.of(APP, app(CREATE, INSERT, USAGE, SELECT)))));
    }

    @Test
    void differentIsReportedWithoutTheHash() {
        AccountPlanner p = planner(Set.of("ed25519"), Set.of());
        AccountPlan plan = p.plan(List.of(app(CREATE, USAGE, SELECT)),
            Map.of(APP, app(CREATE.replace("SECRETHASH", "OTHER"), USAGE.replace("SECRETHASH", "OTHER"), INSERT)));
        assertEquals(AccountPlan.Action.DIFFERS, action(plan));
        String note = String.join("\n", plan.notes());
        assertTrue(note.contains("its authentication or account options differ") && note.contains("the target lacks SELECT ON `app`.*")
            && note.contains("the target also has INSERT ON `app`.`t`"), note);
        assertFalse(note.contains("SECRETHASH") || note.contains("OTHER"), note);
    }

    @Test
    void anAccountThisCopyBeganIsFinishedButOnlyThen() {
        AccountDefinition source = app(CREATE, USAGE, SELECT, INSERT);
        Map<AccountName, AccountDefinition> half = Map.of(APP, app(CREATE, USAGE));
        assertEquals(AccountPlan.Action.FINISH, action(planner(Set.of("ed25519"), Set.of(APP)).plan(List.of(source), half)));
        assertEquals(AccountPlan.Action.DIFFERS, action(planner(Set.of("ed25519"), Set.of()).plan(List.of(source), half)));
        assertEquals(AccountPlan.Action.DIFFERS, action(planner(Set.of("ed25519"), Set.of(APP)).plan(List.of(source),
            Map.of(APP, app(CREATE, USAGE, "GRANT DELETE ON `app`.* TO `app`@`%`")))), "something the source lacks");
    }

    @Test
    void aPluginTheTargetLacksIsRefusedWithTheFix() {
        AccountPlan plan = planner(Set.of("mysql_native_password"), Set.of()).plan(List.of(app(CREATE, USAGE)), Map.of());
        assertEquals(1, plan.refusals().size());
        assertTrue(plan.refusals().get(0).contains("INSTALL SONAME 'auth_ed25519'")
            && plan.refusals().get(0).contains("--exclude-users app@%"), plan.refusals().toString());
    }

    @Test
    void skippedAccountsAreNotReadNorRefused() {
        AccountDefinition root = new AccountDefinition(new AccountName("root", "localhost"), false, CREATE, List.of());
        AccountPlan plan = planner(Set.of(), Set.of()).plan(List.of(root), Map.of());
        assertEquals(AccountPlan.Action.SKIP, action(plan));
        assertEquals(List.of(), plan.refusals());
        assertEquals("accounts: 0 to carry, 0 already on the target, 0 differ, 1 left out", plan.notes().get(0));
    }

    @Test
    void auroraPrivilegesAreListedInTheNotes() {
        AccountPlan plan = planner(Set.of("ed25519"), Set.of()).plan(
            List.of(app(CREATE, "GRANT SELECT, LOAD FROM S3 ON *.* TO `app`@`%`")), Map.of());
        assertEquals(List.of("GRANT SELECT ON *.* TO `app`@`%`"), plan.decisions().get(0).definition().grants());
        assertTrue(plan.notes().get(1).contains("'app'@'%': left out, only Aurora has them: LOAD FROM S3 ON *.*"),
            plan.notes().toString());
    }

    @Test
    void accountsToCreateByHandAreListed() {
        AccountPlan plan = new AccountPlan(List.of(new AccountPlan.Decision(app("", USAGE), AccountPlan.Action.BY_HAND,
            "is not carried from MySQL 8.0 to MariaDB", List.of())), List.of());
        assertEquals(List.of("accounts: 0 to carry, 0 already on the target, 0 differ, 0 left out, 1 to create by hand",
            "account 'app'@'%' is not carried from MySQL 8.0 to MariaDB"), plan.notes());
    }
}
