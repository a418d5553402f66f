package offramp.server;

import offramp.cli.CliRun;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * offramp's connections over TLS, JDBC and the binlog protocol alike, to servers that refuse anything else
 * (require_secure_transport, as RDS can be set to): the certificate checked against the CA, and refused
 * against another CA.
 */
class TlsIT {

    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-tls-it");
    private static LocalServer source;
    private static LocalServer clone;
    private static Path certs;

    @BeforeAll
    static void serversRequiringTls() throws Exception {
        certs = Files.createDirectories(sandbox.root().resolve("certs"));
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=offramp test CA");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key", "-out", "other-ca.pem", "-days", "2",
            "-subj", "/CN=some other CA");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
        Files.writeString(certs.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.pem", "-days", "2", "-extfile", "san.ext");
        ServerOptions tls = ServerOptions.defaults().with("--ssl-ca=" + certs.resolve("ca.pem"),
            "--ssl-cert=" + certs.resolve("server.pem"), "--ssl-key=" + certs.resolve("server.key"));
        source = sandbox.startServer("source", tls);
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE app");
            s.execute("CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(10))");
            s.execute("INSERT INTO app.t VALUES (1, 'a'), (2, 'b')");
        }
        clone = sandbox.startClone(sandbox.snapshot(source, "snapshot"), tls.withServerId(2));
        for (LocalServer server : new LocalServer[] {source, clone}) {
            try (Connection c = server.connect(); Statement s = c.createStatement()) {
                s.execute("SET GLOBAL require_secure_transport = ON");
            }
        }
    }

    @Test
    void verifiedTlsReachesBothServersForJdbcAndBinlog() {
        CliRun run = coordinates("--ssl-mode", "verify-identity", "--ssl-ca", certs.resolve("ca.pem").toString());
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("proven  next"), run.out());
    }

    @Test
    void withoutTlsTheServerRefusesAndTheErrorNamesTheFix() {
        CliRun run = coordinates();
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("--ssl-mode"), "the error names the fix: " + run.err());
    }

    @Test
    void aHostNameTheCertificateDoesNotNameIsSaidWithItsNamesAndTheFix() {
        CliRun run = CliRun.of("coordinates", "--clone", "root@localhost:" + clone.port(),
            "--ssl-mode", "verify-identity", "--ssl-ca", certs.resolve("ca.pem").toString());
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("the server's certificate is for 127.0.0.1, not for localhost"), run.err());
        assertTrue(run.err().contains("--ssl-mode verify-ca"), run.err());
        assertTrue(!run.err().contains("Communications link failure"), run.err());
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() {
        CliRun run = coordinates("--ssl-mode", "verify-ca", "--ssl-ca", certs.resolve("other-ca.pem").toString());
        assertEquals(1, run.exit(), run.out() + run.err());
    }

    private static CliRun coordinates(String... tls) {
        List<String> args = new ArrayList<>(List.of("coordinates",
            "--clone", clone.uri("root").toString(), "--source", source.uri("root").toString()));
        args.addAll(List.of(tls));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(certs.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }
}
