package offramp.server;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The names in a MySQL server's TLS certificate (subject alternative names, then the common name), read only to
 * say which host names it is for after a verify-identity connection failed; nothing is sent over this connection.
 */
final class ServerCertificate {

    private static final int WAIT_MS = 3000;
    /** CLIENT_PROTOCOL_41 | CLIENT_SSL | CLIENT_SECURE_CONNECTION. */
    private static final int CAPABILITIES = 0x0200 | 0x0800 | 0x8000;

    private ServerCertificate() {
    }

    /** The certificate's names; empty when they cannot be read. */
    static List<String> names(String host, int port) {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), WAIT_MS);
            plain.setSoTimeout(WAIT_MS);
            DataInputStream in = new DataInputStream(plain.getInputStream());
            byte[] header = new byte[4];
            in.readFully(header);
            in.readFully(new byte[(header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16]);
            byte[] sslRequest = new byte[4 + 32];
            sslRequest[0] = 32;
            sslRequest[3] = 1;
            for (int i = 0; i < 4; i++) {
                sslRequest[4 + i] = (byte) (CAPABILITIES >>> (8 * i));
            }
            sslRequest[11] = 1; // max packet 16 MiB
            sslRequest[12] = 33; // utf8
            OutputStream out = plain.getOutputStream();
            out.write(sslRequest);
            out.flush();
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new ReadOnly()}, null);
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true)) {
                tls.startHandshake();
                return names((X509Certificate) tls.getSession().getPeerCertificates()[0]);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return List.of();
        }
    }

    static List<String> names(X509Certificate cert) throws GeneralSecurityException {
        Set<String> names = new LinkedHashSet<>();
        Collection<List<?>> alternatives = cert.getSubjectAlternativeNames();
        if (alternatives != null) {
            for (List<?> entry : alternatives) {
                int type = (Integer) entry.get(0);
                if (type == 2 || type == 7) { // DNS name, IP address
                    names.add(String.valueOf(entry.get(1)));
                }
            }
        }
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    names.add(String.valueOf(rdn.getValue()));
                }
            }
        } catch (javax.naming.InvalidNameException ignored) {
            // no common name to add
        }
        return new ArrayList<>(names);
    }

    /** Accepts any certificate: this connection only reads the certificate's names, and carries nothing. */
    private static final class ReadOnly implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
