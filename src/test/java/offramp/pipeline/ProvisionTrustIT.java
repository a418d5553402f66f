package offramp.pipeline;

import offramp.cli.CliRun;
import offramp.sandbox.LocalProvisionConfig;
import offramp.sandbox.LocalServer;
import offramp.sandbox.SandboxServers;
import offramp.sandbox.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** provision's journal is trusted only for the target it was written for; its work directory is private. */
class ProvisionTrustIT {

    @RegisterExtension
    static final SandboxServers sandbox = SandboxServers.temporary("offramp-provision-trust-it");

    @Test
    void aRerunAgainstATargetRebuiltOnTheSamePortIsRefused() throws Exception {
        LocalServer source = sandbox.startForTest("source", ServerOptions.defaults());
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE app");
            s.execute("USE app");
            s.execute("CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(40))");
            s.execute("INSERT INTO app.t SELECT seq, MD5(seq) FROM seq_1_to_2000");
        }
        LocalServer target = sandbox.startForTest("target", ServerOptions.defaults().withServerId(7));
        Path work = sandbox.root().resolve("work");
        Path config = sandbox.root().resolve("offramp.yaml");
        Files.writeString(config, String.join("\n",
            LocalProvisionConfig.head(work, source, target, ""),
            "replication: { user: root, source-host: 127.0.0.1, writable: true, catch-up-timeout: 120 }",
            "copy: { threads: 2, chunk-mb: 1 }",
            ""));
        CliRun first = CliRun.of("provision", "--config", config.toString());
        assertEquals(0, first.exit(), first.out() + first.err());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(work)));
        for (String file : new String[] {"journal.json", "report.json", "offramp.lock", "copy/copy-journal.jsonl"}) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve(file))), file);
        }

        int port = target.port();
        sandbox.discard(target);
        sandbox.startForTest("rebuilt", ServerOptions.defaults().withServerId(7), port);
        CliRun rerun = CliRun.of("provision", "--config", config.toString());
        assertEquals(1, rerun.exit(), rerun.out() + rerun.err());
        assertFalse(rerun.out().contains("provisioned:"), rerun.out());
        assertTrue(rerun.err().contains("the work directory " + work) && rerun.err().contains("no longer has [app.t]"),
            rerun.err());
    }
}
