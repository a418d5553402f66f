package offramp.server;

import offramp.usage.BadUsage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

/**
 * TLS for offramp's own connections to a server: off, required (encrypted, certificate not checked), or
 * required with the server's certificate checked against a CA (and, with verify-identity, its host name).
 * For RDS and Aurora the CA is the RDS CA bundle.
 *
 * @param mode the mode
 * @param ca   the PEM file of the CA certificate(s); needed by the verifying modes
 */
public record Tls(TlsMode mode, Path ca) {

    public static final Tls DISABLED = new Tls(TlsMode.DISABLED, null);

    public Tls {
        if (mode.verifies() && ca == null) {
            throw new BadUsage("TLS mode " + mode.cliName() + " checks the server's certificate: give the CA "
                + "certificate that signed it (for RDS and Aurora, the RDS CA bundle)");
        }
    }

    /** From the names MySQL's clients use: disabled, required, verify-ca, verify-identity; verify-ca when only a CA is given. */
    public static Tls parse(String mode, Path ca) {
        if (mode == null) {
            return ca == null ? DISABLED : new Tls(TlsMode.VERIFY_CA, ca);
        }
        return new Tls(TlsMode.parse(mode), ca);
    }

    public boolean verifies() {
        return mode.verifies();
    }

    /** The CA certificates as a key store, to trust. */
    public KeyStore trustStore() throws IOException, GeneralSecurityException {
        return trustStore(ca);
    }

    static KeyStore trustStore(Path ca) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            int n = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + (n++), cert);
            }
            if (n == 0) {
                throw new GeneralSecurityException(ca + " holds no PEM certificate");
            }
        }
        return store;
    }

    /** The same key store as a file, for Connector/J, which reads trust stores only from URLs; one per CA file. */
    Path trustStoreFile() throws IOException, GeneralSecurityException {
        return TrustStoreFiles.SHARED.fileFor(ca);
    }
}
