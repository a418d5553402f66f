package offramp.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the command line says without any server: versions, and errors in what the user gave it. */
class CommandLineTest {

    @TempDir
    Path dir;

    @Test
    void everyCommandPrintsTheVersion() {
        for (String command : List.of("binlog", "coordinates", "copy", "checksum", "replicate", "status", "plan",
                "provision", "cutover", "demo")) {
            for (String flag : List.of("-V", "--version")) {
                CliRun run = CliRun.of(command, flag);
                assertEquals(0, run.exit(), command + " " + flag + ": " + run.err());
                assertTrue(run.out().startsWith("offramp "), command + " " + flag + " printed '" + run.out() + "'");
            }
        }
    }

    /** Only the command named is modelled; the usage and a mistyped command still know every command. */
    @Test
    void theUsageListsEveryCommandAndAMistypedOneIsMatchedAgainstThemAll() {
        assertEquals(List.of(CopyCommand.class), Main.commandsFor("copy", "--help"));
        String usage = CliRun.of("--help").out();
        for (String command : List.of("binlog", "coordinates", "copy", "checksum", "replicate", "status", "verify",
                "plan", "provision", "cutover", "demo")) {
            assertTrue(usage.contains("\n  " + command + " "), command + " missing from: " + usage);
        }
        CliRun typo = CliRun.of("checksun", "--left", "x");
        assertEquals(ExitCodes.USAGE, typo.exit(), typo.err());
        assertTrue(typo.err().contains("Did you mean: offramp checksum"), typo.err());
    }

    @Test
    void everyCommandsHelpSaysWherePasswordsComeFrom() {
        for (String command : List.of("coordinates", "copy", "checksum", "replicate", "status", "plan", "provision", "cutover")) {
            String help = CliRun.of(command, "--help").out();
            assertTrue(help.contains("--defaults-file") && help.contains("--defaults-extra-file"), command + ": " + help);
            assertTrue(help.contains("$HOME/.my.cnf") && help.contains("password came from"), command + ": " + help);
            assertTrue(help.contains("OFFRAMP_SOURCE_PASSWORD"), command + ": " + help);
        }
    }

    @Test
    void theOptionFileIsUsedAndNamedAsThePasswordsOrigin() throws Exception {
        Path cnf = java.nio.file.Files.writeString(dir.resolve("dba.cnf"), "[client]\npassword=\"s3cret pw\"\n");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        CliRun run = CliRun.of("checksum", "--defaults-file", cnf.toString(), "--left", "root@127.0.0.1:" + port,
            "--right", "root@127.0.0.1:" + port);
        assertEquals(ExitCodes.FAILED, run.exit(), run.err());
        assertTrue(run.err().contains("left root@127.0.0.1:" + port + ": password from the option file " + cnf), run.err());
        assertFalse(run.err().contains("s3cret"), run.err());
        CliRun missing = CliRun.of("checksum", "--defaults-file", dir.resolve("nosuch.cnf").toString(),
            "--left", "root@127.0.0.1:" + port, "--right", "root@127.0.0.1:" + port);
        assertEquals(ExitCodes.USAGE, missing.exit(), missing.err());
        assertTrue(missing.err().contains("no option file " + dir.resolve("nosuch.cnf")), missing.err());
    }

    @Test
    void theCutoversGuardIsGivenTheSameOptionFiles() {
        OptionFileOptions options = new OptionFileOptions();
        options.defaultsFile(dir.resolve("a.cnf"));
        options.extraFile(dir.resolve("b.cnf"));
        offramp.server.Passwords.reset();
        assertEquals(List.of("--defaults-file", dir.resolve("a.cnf").toString(), "--defaults-extra-file",
            dir.resolve("b.cnf").toString()), options.arguments());
    }

    @Test
    void aDirectoryAsPasswordFileIsNamedAsADirectory() {
        CliRun run = CliRun.of("checksum", "--left", "root@127.0.0.1:1", "--right", "root@127.0.0.1:2",
            "--left-password-file", dir.toString());
        assertEquals(ExitCodes.USAGE, run.exit(), run.err());
        assertTrue(run.err().contains("the left password file " + dir + " is a directory"), run.err());
        assertFalse(run.err().contains("chmod"), run.err());
    }
}
