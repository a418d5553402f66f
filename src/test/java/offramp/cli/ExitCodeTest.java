package offramp.cli;

import offramp.coordinates.NotProvenException;
import offramp.pipeline.DataDiffers;
import offramp.pipeline.Refused;
import offramp.server.ServerUri;
import offramp.usage.BadUsage;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExitCodeTest {

    @Test
    void offrampsOwnUsageErrorsExit2() {
        assertEquals(ExitCodes.USAGE, Main.exitCode(new BadUsage("--threads must be at least 1")));
        assertEquals(ExitCodes.USAGE, Main.exitCode(new Refused("preflight failed")));
        assertEquals(ExitCodes.USAGE, Main.exitCode(new CommandLine.ParameterException(new CommandLine(new Main()), "missing")));
    }

    @Test
    void aLibrarysIllegalArgumentIsAFailure() {
        IllegalArgumentException fromLibrary = assertThrows(IllegalArgumentException.class, () -> URI.create("not a uri"));
        assertEquals(ExitCodes.FAILED, Main.exitCode(fromLibrary));
        assertEquals(ExitCodes.FAILED, Main.exitCode(new IllegalStateException("x")));
    }

    @Test
    void verdictsOnTheDataKeepTheirCodes() {
        assertEquals(ExitCodes.NOT_PROVEN, Main.exitCode(new NotProvenException("no")));
        assertEquals(ExitCodes.DATA_DIFFERS, Main.exitCode(new DataDiffers("differs")));
    }

    @Test
    void anAddressTheUserGaveIsBadUsageWithItsMessage() {
        BadUsage e = assertThrows(BadUsage.class, () -> ServerUri.parse("nohost"));
        assertEquals(ExitCodes.USAGE, Main.exitCode(e));
        assertTrue(e.getMessage().startsWith("expected USER@HOST:PORT"), e.getMessage());
        BadUsage wrapped = assertThrows(BadUsage.class, () -> BadUsage.parsing(() -> URI.create("not a uri")));
        assertEquals(ExitCodes.USAGE, Main.exitCode(wrapped));
        assertEquals(wrapped.getCause().getMessage(), wrapped.getMessage());
    }

    @Test
    void statusCannotCheckIsUnknownNeverCritical() {
        // A monitoring plugin's 2 is CRITICAL: status's bad usage and missing configuration are UNKNOWN (3).
        assertEquals(ExitCodes.STATUS_UNKNOWN, Main.run("status"));
        assertEquals(ExitCodes.STATUS_UNKNOWN, Main.run("status", "--no-such-option"));
        assertEquals(ExitCodes.STATUS_UNKNOWN, Main.run("status", "--config", "/nonexistent/offramp.yaml"));
        assertEquals(ExitCodes.STATUS_UNKNOWN, Main.exitCode(new BadUsage("no password"), new StatusCommand()));
        assertEquals(ExitCodes.USAGE, Main.run("checksum", "--no-such-option"), "every other command keeps 2");
    }
}
