package offramp.cutover;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Decisions of the fence and of the journal's phases, without a server. */
class FenceTest {

    @Test
    void showCreateUserTellsALockedAccount() {
        // MariaDB writes ACCOUNT LOCK only when locked; MySQL always writes ACCOUNT LOCK or ACCOUNT UNLOCK.
        assertTrue(Fence.lockedIn("CREATE USER `app`@`%` IDENTIFIED BY PASSWORD '*AB' ACCOUNT LOCK"));
        assertFalse(Fence.lockedIn("CREATE USER `app`@`%` IDENTIFIED BY PASSWORD '*AB'"));
        assertTrue(Fence.lockedIn("CREATE USER 'app'@'%' IDENTIFIED WITH 'caching_sha2_password' REQUIRE NONE "
            + "PASSWORD EXPIRE DEFAULT ACCOUNT LOCK PASSWORD HISTORY DEFAULT"));
        assertFalse(Fence.lockedIn("CREATE USER 'app'@'%' IDENTIFIED WITH 'caching_sha2_password' REQUIRE NONE "
            + "PASSWORD EXPIRE DEFAULT ACCOUNT UNLOCK PASSWORD HISTORY DEFAULT"));
    }

    @Test
    void phasesAreReachedInOrder() {
        Attempt a = new Attempt();
        assertFalse(a.reached("fencing"));
        a.phase = "replication-stopped";
        assertTrue(a.reached("fencing"));
        assertTrue(a.reached("stopping-replication"));
        assertFalse(a.reached("arming-reverse"));
        assertEquals(List.of("opening", "opened", "switching", "switched"),
            Attempt.PHASES.subList(Attempt.PHASES.indexOf("opening"), Attempt.PHASES.size()));
    }
}
