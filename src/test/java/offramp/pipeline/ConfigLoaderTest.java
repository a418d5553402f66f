package offramp.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configuration errors name the key and what is wrong with it. */
class ConfigLoaderTest {

    @TempDir
    Path dir;

    private static final String VALID = String.join("\n",
        "work-dir: ./work",
        "source: { uri: admin@prod.cluster-abc.us-east-1.rds.amazonaws.com:3306, password-file: source.pw }",
        "snapshot:",
        "  provider: aurora",
        "  aurora: { region: us-east-1, cluster: prod, instance-class: db.r6g.large, keep-clone: false }",
        "target: { uri: root@10.0.0.5:3306 }",
        "replication: { user: repl, source-host: 10.0.0.1, tls: { mode: verify-ca, ca: rds-ca-bundle.pem } }",
        "copy: { threads: 8, schemas: [app, billing], definer: keep }",
        "");

    @Test
    void theDesignsExampleLoads() throws Exception {
        Config c = ConfigLoader.load(write(VALID));
        assertEquals("aurora", c.snapshot().provider());
        assertEquals("prod", c.snapshot().aurora().cluster());
        assertEquals(8, c.copy().threads());
        assertEquals(dir.resolve("source.pw"), ConfigLoader.resolve(dir.resolve("offramp.yaml"), c.source().passwordFile()));
    }

    @Test
    void theCopysAccountPatternsReachItsOptions() throws Exception {
        Files.writeString(dir.resolve("source.pw"), "secret\n");
        Files.setPosixFilePermissions(dir.resolve("source.pw"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path file = write(VALID.replace("definer: keep", "definer: keep, users: ['app*', 'batch@10.0.%'], exclude-users: [app_old]"));
        var accounts = new RunSettings(ConfigLoader.load(file), file).copyOptions().accounts();
        assertEquals(java.util.List.of("app*", "batch@10.0.%"), accounts.users());
        assertEquals(java.util.List.of("app_old"), accounts.excludeUsers());
        assertEquals(offramp.accounts.AccountSelection.DEFAULT,
            new RunSettings(ConfigLoader.load(write(VALID)), file).copyOptions().accounts());
        String message = assertThrows(offramp.usage.BadUsage.class, () -> new RunSettings(ConfigLoader.load(
            write(VALID.replace("definer: keep", "definer: keep, users: ['']"))), file).copyOptions()).getMessage();
        assertTrue(message.contains("--users"), message);
    }

    @Test
    void anUnknownKeyIsNamedWithItsPath() {
        String message = error(VALID.replace("keep-clone: false", "keep-clones: false"));
        assertTrue(message.contains("unknown key 'snapshot.aurora.keep-clones'") && message.contains("keep-clone"), message);
    }

    @Test
    void everyUnknownKeyIsNamedNotOnlyTheFirst() {
        String message = error(VALID.replace("keep-clone: false", "keep-clones: false")
            .replace("threads: 8", "thread: 8").replace("work-dir:", "workdir:")
            .replace("tls: { mode", "ssl: { x: 1 }, tls: { mode"));
        assertTrue(message.contains("unknown key 'replication.ssl'"), message);
        assertTrue(message.contains("unknown key 'snapshot.aurora.keep-clones'"), message);
        assertTrue(message.contains("unknown key 'copy.thread' (known here:") && message.contains("threads"), message);
        assertTrue(message.contains("unknown key 'workdir'") && message.contains("work-dir"), message);
    }

    @Test
    void anEmptyAndAMissingFileEachSaySo() throws Exception {
        String empty = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(write(""))).getMessage();
        assertTrue(empty.endsWith("is empty: it needs at least source, target, snapshot and replication (see the example in the README)"), empty);
        String comments = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(write("# nothing yet\n\n"))).getMessage();
        assertTrue(comments.contains("is empty"), comments);
        String missing = assertThrows(IllegalArgumentException.class,
            () -> ConfigLoader.load(dir.resolve("nosuch.yaml"))).getMessage();
        assertTrue(missing.startsWith("no configuration file " + dir.resolve("nosuch.yaml")), missing);
        assertTrue(!missing.contains("YAML:"), missing);
        String directory = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(dir)).getMessage();
        assertTrue(directory.contains("is a directory"), directory);
    }

    @Test
    void missingAndWrongValuesAreNamed() {
        assertTrue(error(VALID.replace("replication: { user: repl,", "replication: {")).contains("'replication.user' is missing"));
        assertTrue(error(VALID.replace("provider: aurora", "provider: s3")).contains("'snapshot.provider': 's3' is not one of"));
        assertTrue(error(VALID.replace("mode: verify-ca", "mode: strict")).contains("'replication.tls.mode'"));
        assertTrue(error(VALID.replace("uri: root@10.0.0.5:3306", "uri: root:pw@10.0.0.5:3306")).contains("'target.uri'"));
        assertTrue(error(VALID.replace("threads: 8", "threads: eight")).contains("key 'copy.threads'"));
        assertTrue(error(VALID.replace(", ca: rds-ca-bundle.pem", "")).contains("'replication.tls.ca' is missing"));
    }

    @Test
    void parallelWorkersAreANumberOrKeep() throws Exception {
        assertEquals("8", ConfigLoader.load(write(VALID.replace("user: repl,", "user: repl, parallel-workers: 8,")))
            .replication().parallelWorkers());
        assertEquals("keep", ConfigLoader.load(write(VALID.replace("user: repl,", "user: repl, parallel-workers: keep,")))
            .replication().parallelWorkers());
        assertTrue(error(VALID.replace("user: repl,", "user: repl, parallel-workers: 0,"))
            .contains("key 'replication.parallel-workers' must be"));
        assertTrue(error(VALID.replace("user: repl,", "user: repl, parallel-workers: lots,"))
            .contains("key 'replication.parallel-workers' must be"));
        assertTrue(error(VALID.replace("user: repl,", "user: repl, parallel-worker: 4,"))
            .contains("unknown key 'replication.parallel-worker'"));
    }

    @Test
    void zeroOrNegativeCountsAndSizesAreNamed() {
        assertTrue(error(VALID.replace("threads: 8", "threads: 0")).contains("key 'copy.threads' must be at least 1, got 0"));
        assertTrue(error(VALID.replace("threads: 8", "threads: 8, chunk-mb: -4")).contains("key 'copy.chunk-mb' must be at least 1, got -4"));
        assertTrue(error(VALID.replace("source-host: 10.0.0.1", "source-host: 10.0.0.1, connect-retry: 0"))
            .contains("key 'replication.connect-retry' must be at least 1"));
        assertTrue(error(VALID.replace("keep-clone: false", "keep-clone: false, poll-seconds: 0"))
            .contains("key 'snapshot.aurora.poll-seconds' must be above 0"));
    }

    private String error(String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(write(yaml))).getMessage();
    }

    @Test
    void cutoverNeedsNoSnapshotSectionForAReplicaBuiltWithCopyAndReplicate() throws Exception {
        String withoutSnapshot = VALID.replace("snapshot:\n  provider: aurora\n", "")
            .replace("  aurora: { region: us-east-1, cluster: prod, instance-class: db.r6g.large, keep-clone: false }\n", "");
        assertTrue(!withoutSnapshot.contains("snapshot"), withoutSnapshot);
        Path file = write(withoutSnapshot + "cutover: { application-accounts: [app] }\n");
        assertEquals(null, ConfigLoader.loadWithoutSnapshot(file).snapshot());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(file)).getMessage()
            .contains("'snapshot.provider' is missing"), "provision still needs it");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConfigLoader.loadWithoutSnapshot(write(withoutSnapshot
            + "snapshot: { provider: tape }\n"))).getMessage().contains("'tape' is not one of"), "one given is still checked");
    }

    @Test
    void theCutoverSectionLoadsAndItsErrorsNameTheKey() throws Exception {
        Config c = ConfigLoader.load(write(VALID + String.join("\n",
            "cutover:",
            "  application-accounts: ['app@10.0.%', billing]",
            "  budget-seconds: 120",
            "  switch-command: ./switch.sh",
            "  verify: none",
            "  target-host: 10.0.0.5",
            "")));
        assertEquals(120, c.cutover().budgetSeconds());
        assertEquals("10.0.0.5", c.cutover().targetHost());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(write(VALID
            + "cutover: { budget-seconds: 0, verify: maybe, application-accounts: ['@x'] }\n")));
        assertTrue(e.getMessage().contains("'cutover.budget-seconds' must be at least 1"), e.getMessage());
        assertTrue(e.getMessage().contains("'cutover.verify': 'maybe'"), e.getMessage());
        assertTrue(e.getMessage().contains("cutover.application-accounts"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(write(VALID + "cutover: { budget: 5 }\n")));
        assertTrue(e.getMessage().contains("unknown key 'cutover.budget'"), e.getMessage());
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("offramp.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
