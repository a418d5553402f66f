package offramp.server;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One truststore file per CA file, rebuilt when the CA file changes. */
class TrustStoreFilesTest {

    @TempDir
    static Path dir;
    private static Path ca;

    @BeforeAll
    static void aCaCertificate() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path store = dir.resolve("ca.p12");
        ca = dir.resolve("ca.pem");
        run(List.of(keytool.toString(), "-genkeypair", "-keystore", store.toString(), "-storepass", "secret", "-alias", "ca",
            "-dname", "CN=offramp test CA", "-keyalg", "EC", "-validity", "2"));
        run(List.of(keytool.toString(), "-exportcert", "-rfc", "-keystore", store.toString(), "-storepass", "secret",
            "-alias", "ca", "-file", ca.toString()));
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    void everyConnectionTrustingOneCaSharesOneStore() throws Exception {
        TrustStoreFiles files = new TrustStoreFiles();
        Path first = files.fileFor(ca);
        for (int i = 0; i < 100; i++) {
            assertEquals(first, files.fileFor(ca));
        }
        assertEquals(1, files.size());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(first)) {
            store.load(in, TrustStoreFiles.STORE_PASSWORD.toCharArray());
        }
        assertTrue(store.isCertificateEntry("ca-0"));
    }

    @Test
    void aChangedCaFileGetsANewStoreAndTheOldOneGoes() throws Exception {
        TrustStoreFiles files = new TrustStoreFiles();
        Path copy = Files.copy(ca, dir.resolve("renewed.pem"));
        Path before = files.fileFor(copy);
        Files.setLastModifiedTime(copy, FileTime.fromMillis(Files.getLastModifiedTime(copy).toMillis() + 60_000));
        Path after = files.fileFor(copy);
        assertNotEquals(before, after);
        assertFalse(Files.exists(before));
        assertEquals(1, files.size());
    }
}
