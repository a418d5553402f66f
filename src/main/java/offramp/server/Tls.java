package offramp.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Locale;

/**
 * TLS for offramp's own connections to a server: off, required (encrypted, certificate not checked), or
 * required with the server's certificate checked against a CA (and, with verify-identity, its host name).
 * For RDS and Aurora the CA is the RDS CA bundle.
 *
 * @param mode the mode
 * @param ca   the PEM file of the CA certificate(s); needed by the verifying modes
 */
public record Tls(Mode mode, Path ca) {

    public enum Mode { DISABLED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY }

    public static final Tls DISABLED = new Tls(Mode.DISABLED, null);

    /** The truststore password; the store holds only public CA certificates. */
    static final String STORE_PASSWORD = "offramp-ca";

    public Tls {
        if ((mode == Mode.VERIFY_CA || mode == Mode.VERIFY_IDENTITY) && ca == null) {
            throw new IllegalArgumentException("TLS mode " + name(mode) + " checks the server's certificate: give the CA "
                + "certificate that signed it (for RDS and Aurora, the RDS CA bundle)");
        }
    }

    /** From the names MySQL's clients use: disabled, required, verify-ca, verify-identity. */
    public static Tls parse(String mode, Path ca) {
        if (mode == null) {
            return ca == null ? DISABLED : new Tls(Mode.VERIFY_CA, ca);
        }
        try {
            return new Tls(Mode.valueOf(mode.toUpperCase(Locale.ROOT).replace('-', '_')), ca);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("TLS mode")) {
                throw e;
            }
            throw new IllegalArgumentException("TLS mode must be disabled, required, verify-ca or verify-identity, not '" + mode + "'");
        }
    }

    static String name(Mode mode) {
        return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean verifies() {
        return mode == Mode.VERIFY_CA || mode == Mode.VERIFY_IDENTITY;
    }

    /** The CA certificates as a key store, to trust. */
    public KeyStore trustStore() throws IOException, GeneralSecurityException {
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

    /** The same key store as a file, for Connector/J, which reads trust stores only from URLs. */
    synchronized Path trustStoreFile() throws IOException, GeneralSecurityException {
        Path file = Files.createTempFile("offramp-ca-", ".p12");
        file.toFile().deleteOnExit();
        try (OutputStream out = Files.newOutputStream(file)) {
            trustStore().store(out, STORE_PASSWORD.toCharArray());
        }
        return file;
    }
}
