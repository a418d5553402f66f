package offramp.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlsModeTest {

    @ParameterizedTest
    @CsvSource({"disabled, DISABLED", "required, REQUIRED", "verify-ca, VERIFY_CA", "VERIFY_IDENTITY, VERIFY_IDENTITY",
        "Verify-Identity, VERIFY_IDENTITY"})
    void parsesTheClientsNames(String name, TlsMode mode) {
        assertEquals(mode, TlsMode.parse(name));
        assertTrue(TlsMode.isName(mode.cliName()));
    }

    @Test
    void anUnknownModeNamesTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TlsMode.parse("on"));
        assertEquals("TLS mode must be disabled, required, verify-ca or verify-identity, not 'on'", e.getMessage());
    }

    @Test
    void verifyingModesNeedTheirCa() {
        assertThrows(IllegalArgumentException.class, () -> Tls.parse("verify-ca", null));
        assertThrows(IllegalArgumentException.class, () -> new ChannelTls(TlsMode.VERIFY_IDENTITY, null, null, null));
        assertEquals(new Tls(TlsMode.VERIFY_CA, Path.of("/ca.pem")), Tls.parse(null, Path.of("/ca.pem")));
        assertEquals(Tls.DISABLED, Tls.parse(null, null));
    }
}
