package offramp.server;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServerIdentityTest {

    private static final ServerIdentity SOURCE = new ServerIdentity("db1:3306", "3e11fa47-71ca-11e1-9e33-c80aa9429562", 1);
    private static final ServerIdentity TARGET = new ServerIdentity("db2:3306", null, 2);

    private static Map<String, ServerIdentity> roles(ServerIdentity source, ServerIdentity target) {
        Map<String, ServerIdentity> roles = new LinkedHashMap<>();
        roles.put("source", source);
        roles.put("target", target);
        return roles;
    }

    @Test
    void theSameServersHaveNoChanges() {
        assertEquals(List.of(), ServerIdentity.changes(roles(SOURCE, TARGET), roles(SOURCE, TARGET)));
    }

    @Test
    void eachRoleIsComparedWithWhatWasRecordedForIt() {
        ServerIdentity rebuilt = new ServerIdentity("db1:3306", "2174b383-5441-11e8-b90a-c80aa9429562", 1);
        ServerIdentity moved = new ServerIdentity("db3:3306", null, 3);
        assertEquals(List.of("the source's server_uuid was " + SOURCE.serverUuid() + " and is now " + rebuilt.serverUuid()
                + " (a new data directory)", "the target was db2:3306 and is now db3:3306",
                "the target's server_id was 2 and is now 3"),
            ServerIdentity.changes(roles(SOURCE, TARGET), roles(rebuilt, moved)));
    }

    @Test
    void aRoleWithNothingRecordedIsNotCompared() {
        Map<String, ServerIdentity> recorded = new HashMap<>();
        recorded.put("source", SOURCE);
        assertEquals(List.of(), ServerIdentity.changes(recorded, roles(SOURCE, new ServerIdentity("db9:1", null, 9))));
    }

    @Test
    void serversThatShareAnIdCannotReplicate() {
        assertEquals("server_id 1", SOURCE.sharedWith(new ServerIdentity("db5:3306", null, 1)));
        assertEquals(null, SOURCE.sharedWith(TARGET));
    }
}
