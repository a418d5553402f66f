package offramp.pipeline;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PreflightLoginTest {

    /** SELECT PASSWORD('password') on MariaDB, or the hash MySQL stores for it with mysql_native_password. */
    private static final String PASSWORD_HASH = "*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19";

    @Test
    void theNativeHashIsTheServers() {
        assertEquals(PASSWORD_HASH, PreflightLogin.nativeHash("password"));
        assertEquals("", PreflightLogin.nativeHash(""), "no password is stored as empty");
    }

    @Test
    void aPasswordNoNativeAccountTakesDiffers() {
        List<PreflightLogin.Stored> accounts = List.of(new PreflightLogin.Stored("10.%", "mysql_native_password", PASSWORD_HASH),
            new PreflightLogin.Stored("localhost", "", PreflightLogin.nativeHash("other")));
        assertEquals(PreflightLogin.Verdict.MATCHES, PreflightLogin.compare("password", accounts));
        assertEquals(PreflightLogin.Verdict.MATCHES, PreflightLogin.compare("other", accounts));
        assertEquals(PreflightLogin.Verdict.DIFFERS, PreflightLogin.compare("wrong", accounts));
        assertEquals(PreflightLogin.Verdict.DIFFERS, PreflightLogin.compare("", accounts));
    }

    @Test
    void aSaltedHashOrNoAccountCannotBeTold() {
        List<PreflightLogin.Stored> accounts = List.of(new PreflightLogin.Stored("10.%", "mysql_native_password", PASSWORD_HASH),
            new PreflightLogin.Stored("%", "caching_sha2_password", "$A$005$salted"));
        assertEquals(PreflightLogin.Verdict.UNKNOWN, PreflightLogin.compare("wrong", accounts));
        assertEquals(PreflightLogin.Verdict.MATCHES, PreflightLogin.compare("password", accounts));
        assertEquals(PreflightLogin.Verdict.UNKNOWN, PreflightLogin.compare("wrong", List.of()));
    }
}
