package offramp.copy;

import offramp.cli.CliRun;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** copy checks the target's local_infile and both users' privileges before it creates anything. */
class CopyRequirementsIT {

    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-requirements-it");
    private static LocalServer source;
    private static LocalServer target;

    @BeforeAll
    static void servers() throws Exception {
        source = sandbox.startServer("source", ServerOptions.defaults());
        target = sandbox.startServer("target", ServerOptions.defaults().withServerId(2));
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE app");
            s.execute("CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(20))");
            s.execute("INSERT INTO app.t VALUES (1, 'one'), (2, 'two')");
            s.execute("CREATE USER 'reader'@'localhost'");
            s.execute("GRANT SELECT ON app.* TO 'reader'@'localhost'");
        }
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE USER 'loader'@'localhost'");
            s.execute("GRANT SELECT, INSERT, CREATE ON app.* TO 'loader'@'localhost'");
        }
    }

    @Test
    void missingTargetPrivilegesAndLocalInfileAreNamedWithTheirFixBeforeAnythingIsCreated() throws Exception {
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            s.execute("SET GLOBAL local_infile = OFF");
        }
        try {
            CliRun run = copy("root", "loader", "work-target");
            assertEquals(2, run.exit(), run.out() + run.err());
            assertTrue(run.err().contains("local_infile is OFF on the target"), run.err());
            assertTrue(run.err().contains("SET GLOBAL local_infile = ON"), run.err());
            assertTrue(run.err().contains("lacks DELETE, DROP, ALTER, INDEX on [app]"), run.err());
            assertTrue(run.err().contains("GRANT DELETE, DROP, ALTER, INDEX ON `app`.* TO 'loader'@"), run.err());
            assertFalse(schemaExists(), "nothing was created on the target");
        } finally {
            try (Connection c = target.connect(); Statement s = c.createStatement()) {
                s.execute("SET GLOBAL local_infile = ON");
            }
        }

        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            s.execute("GRANT ALL ON app.* TO 'loader'@'localhost'");
        }
        // The source's account reader would be carried, which loader can neither see nor create on the target.
        CliRun accounts = copy("root", "loader", "work-granted");
        assertEquals(2, accounts.exit(), accounts.out() + accounts.err());
        assertTrue(accounts.err().contains("cannot read the accounts to carry") && accounts.err().contains("SELECT ON mysql.*")
            && accounts.err().contains("--exclude-users '*'"), accounts.err());
        assertFalse(schemaExists(), "nothing was created on the target");
        CliRun granted = copy("root", "loader", "work-granted", "--exclude-users", "*");
        assertEquals(0, granted.exit(), granted.out() + granted.err());
        assertTrue(schemaExists());
    }

    @Test
    void aSourceUserThatCannotSeeTriggersOrEventsIsRefused() {
        CliRun run = copy("reader", "root", "work-source");
        assertEquals(2, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("the source user reader"), run.err());
        assertTrue(run.err().contains("lacks SHOW VIEW, TRIGGER, EVENT on [app]"), run.err());
        assertTrue(run.err().contains("cannot read the bodies of stored routines"), run.err());
    }

    /** A target on this host without the room for the copy is refused before anything is created on it. */
    @Test
    void aTargetDiskTooSmallIsRefusedBeforeAnythingIsCreated() throws Exception {
        boolean before = schemaExists();
        System.setProperty(TargetDisk.FREE_BYTES_PROPERTY, Long.toString(1L << 20));
        try {
            CliRun run = copy("root", "root", "work-disk");
            assertEquals(2, run.exit(), run.out() + run.err());
            assertTrue(run.err().contains("the target's disk is too small: " + target.datadir() + " has 1.0 MiB free "
                + "(its file system on this host), and the copy needs about "), run.err());
            assertTrue(run.err().contains("free space on the file system holding " + target.datadir()), run.err());
            assertEquals(before, schemaExists(), "nothing was created on the target");
        } finally {
            System.clearProperty(TargetDisk.FREE_BYTES_PROPERTY);
        }
    }

    private static CliRun copy(String fromUser, String toUser, String work, String... more) {
        List<String> args = new ArrayList<>(List.of("copy", "--from", source.uri(fromUser).toString(), "--to",
            target.uri(toUser).toString(), "--schemas", "app", "--work-dir", sandbox.root().resolve(work).toString(),
            "--threads", "1"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static boolean schemaExists() throws Exception {
        try (Connection c = target.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'app'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }
}
