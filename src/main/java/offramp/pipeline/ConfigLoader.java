package offramp.pipeline;

import offramp.replication.ParallelApply;
import offramp.replication.ReplicationSource;
import offramp.server.Account;
import offramp.server.ChannelTls;
import offramp.server.Endpoint;
import offramp.server.Passwords;
import offramp.server.Secret;
import offramp.server.ServerUri;
import offramp.server.Tls;
import offramp.server.TlsMode;
import offramp.usage.BadUsage;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads and checks the configuration file; every error names the key and what is wrong with it. */
public final class ConfigLoader {

    static final Set<String> PROVIDERS = Set.of("aurora", "rds-replica", "clone", "local", "mariadb-backup");

    private ConfigLoader() {
    }

    public static Config load(Path file) {
        return load(file, true);
    }

    /**
     * A configuration for the commands that never take a snapshot ({@code cutover}): {@code snapshot} may be left out,
     * as for a replica built with {@code copy} and {@code replicate}; a {@code snapshot} section given is still checked.
     */
    public static Config loadWithoutSnapshot(Path file) {
        return load(file, false);
    }

    private static Config load(Path file, boolean needsSnapshot) {
        if (!Files.exists(file)) {
            throw new BadUsage("no configuration file " + file.toAbsolutePath()
                + ": check the path (the configuration is the YAML file given with --config)");
        }
        if (Files.isDirectory(file)) {
            throw new BadUsage(file + " is a directory: give the configuration file (YAML) inside it");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadUsage("cannot read the configuration file " + file + ": " + e.getMessage());
        }
        if (text.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("#"))) {
            throw new BadUsage(file + " is empty: it needs at least source, target, snapshot and replication "
                + "(see the example in the README)");
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        List<String> unknown = new ArrayList<>();
        Config config = null;
        try {
            JsonNode tree = yaml.readTree(text);
            while (true) {
                try {
                    config = yaml.treeToValue(tree, Config.class);
                    break;
                } catch (UnrecognizedPropertyException e) {
                    // Named, then taken out of the tree, so that the next reading finds the next one: all are listed at once.
                    String known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
                    unknown.add("unknown key '" + path(e) + "' (known here: " + known + ")");
                    if (!removeUnknown(tree, e)) {
                        break;
                    }
                }
            }
        } catch (JsonMappingException e) {
            throw new BadUsage(file + ": key '" + path(e) + "': " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadUsage(file + ": not valid YAML: " + e.getMessage());
        }
        if (!unknown.isEmpty()) {
            throw new BadUsage(file + ": " + String.join("; ", unknown));
        }
        if (config == null) {
            throw new BadUsage(file + " is empty: it needs at least source, target, snapshot and replication");
        }
        List<String> errors = validate(config, needsSnapshot);
        if (!errors.isEmpty()) {
            throw new BadUsage(file + ": " + String.join("; ", errors));
        }
        return config;
    }

    /** Takes the key an exception names out of the tree; false when it cannot be found there. */
    private static boolean removeUnknown(JsonNode tree, UnrecognizedPropertyException e) {
        JsonNode node = tree;
        List<JsonMappingException.Reference> path = e.getPath();
        for (JsonMappingException.Reference r : path.subList(0, path.size() - 1)) {
            node = r.getFieldName() != null ? node.get(r.getFieldName()) : node.get(r.getIndex());
            if (node == null) {
                return false;
            }
        }
        return node instanceof ObjectNode object && object.remove(e.getPropertyName()) != null;
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining(".")).replace(".[", "[");
    }

    static List<String> validate(Config c, boolean needsSnapshot) {
        List<String> errors = new ArrayList<>();
        requireServer(errors, "source", c.source());
        requireServer(errors, "target", c.target());
        if (c.snapshot() == null || c.snapshot().provider() == null) {
            if (needsSnapshot) {
                errors.add("key 'snapshot.provider' is missing: one of " + PROVIDERS);
            }
        } else if (!PROVIDERS.contains(c.snapshot().provider())) {
            errors.add("key 'snapshot.provider': '" + c.snapshot().provider() + "' is not one of " + PROVIDERS);
        } else {
            String p = c.snapshot().provider();
            switch (p) {
                case "clone" -> requireServer(errors, "snapshot.clone", c.snapshot().cloneServer());
                case "local" -> {
                    Config.Local l = c.snapshot().local();
                    if (l == null || (l.command() == null && (l.datadir() == null || l.pidFile() == null))) {
                        errors.add("key 'snapshot.local' needs 'datadir' and 'pid-file' of the running source, or 'command'");
                    }
                    if (l != null && l.maxFreezeSeconds() != null && l.maxFreezeSeconds() < 1) {
                        errors.add("key 'snapshot.local.max-freeze-seconds' must be at least 1: the source is thawed after it "
                            + "whatever happens to offramp");
                    }
                }
                case "aurora" -> {
                    if (c.snapshot().aurora() == null || c.snapshot().aurora().cluster() == null) {
                        errors.add("key 'snapshot.aurora.cluster' is missing: the source cluster's identifier");
                    }
                }
                case "rds-replica" -> requireServer(errors, "snapshot.rds-replica", c.snapshot().rdsReplica());
                default -> { }
            }
        }
        if (c.replication() == null || c.replication().user() == null || c.replication().user().isBlank()) {
            errors.add("key 'replication.user' is missing: the user the replica logs in to the source as (with REPLICATION SLAVE)");
        }
        checkTls(errors, "source.tls", c.source() == null ? null : c.source().tls());
        checkTls(errors, "replication.tls", c.replication() == null ? null : c.replication().tls());
        Config.Copy copy = c.copy();
        atLeastOne(errors, "copy.threads", copy == null ? null : copy.threads());
        atLeastOne(errors, "copy.chunk-mb", copy == null ? null : copy.chunkMb());
        Config.Replication r = c.replication();
        atLeastOne(errors, "replication.connect-retry", r == null ? null : r.connectRetry());
        atLeastOne(errors, "replication.catch-up-timeout", r == null ? null : r.catchUpTimeout());
        if (r != null && r.parallelWorkers() != null) {
            try {
                ParallelApply.parse(r.parallelWorkers());
            } catch (IllegalArgumentException e) {
                errors.add("key 'replication.parallel-workers' must be " + e.getMessage());
            }
        }
        if (r != null && r.heartbeat() != null && r.heartbeat() < 0) {
            errors.add("key 'replication.heartbeat' must not be negative, got " + r.heartbeat());
        }
        Config.Aurora a = c.snapshot() == null ? null : c.snapshot().aurora();
        atLeastOne(errors, "snapshot.aurora.max-wait-minutes", a == null ? null : a.maxWaitMinutes());
        atLeastOne(errors, "snapshot.aurora.set-retention-hours", a == null ? null : a.setRetentionHours());
        if (a != null && a.pollSeconds() != null && !(a.pollSeconds() > 0)) {
            errors.add("key 'snapshot.aurora.poll-seconds' must be above 0, got " + a.pollSeconds());
        }
        validateCutover(errors, c.cutover());
        return errors;
    }

    /** binlog: only known heartbeat writes for fence-proof-seconds; sessions: no session left but offramp's, at once. */
    static final Set<String> FENCE_PROOFS = Set.of("binlog", "sessions");
    static final Set<String> VERIFY_MODES = Set.of("full", "sample", "none");

    private static void validateCutover(List<String> errors, Config.Cutover cut) {
        if (cut == null) {
            return;
        }
        atLeastOne(errors, "cutover.budget-seconds", cut.budgetSeconds());
        atLeastOne(errors, "cutover.switch-timeout-seconds", cut.switchTimeoutSeconds());
        atLeastOne(errors, "cutover.fence-proof-seconds", cut.fenceProofSeconds());
        atLeastOne(errors, "cutover.fallback-hours", cut.fallbackHours());
        atLeastOne(errors, "cutover.long-transaction-seconds", cut.longTransactionSeconds());
        if (cut.maxLagBytes() != null && cut.maxLagBytes() < 0) {
            errors.add("key 'cutover.max-lag-bytes' must not be negative, got " + cut.maxLagBytes());
        }
        if (cut.fenceProof() != null && !FENCE_PROOFS.contains(cut.fenceProof())) {
            errors.add("key 'cutover.fence-proof': '" + cut.fenceProof() + "' is not one of " + FENCE_PROOFS);
        }
        if (cut.verify() != null && !VERIFY_MODES.contains(cut.verify())) {
            errors.add("key 'cutover.verify': '" + cut.verify() + "' is not one of " + VERIFY_MODES);
        }
        if (cut.applicationAccounts() != null) {
            for (String account : cut.applicationAccounts()) {
                try {
                    Account.parse(account);
                } catch (IllegalArgumentException e) {
                    errors.add("key 'cutover.application-accounts': " + e.getMessage());
                }
            }
        }
    }

    /** A count or a duration: zero or less would divide by zero, start no thread, or never wait. */
    private static void atLeastOne(List<String> errors, String key, Number value) {
        if (value != null && value.longValue() < 1) {
            errors.add("key '" + key + "' must be at least 1, got " + value);
        }
    }

    private static void checkTls(List<String> errors, String key, Config.Tls tls) {
        if (tls != null && tls.mode() != null && !TlsMode.isName(tls.mode())) {
            errors.add("key '" + key + ".mode': '" + tls.mode() + "' is not one of " + TlsMode.names());
        } else if (tls != null && tls.mode() != null && TlsMode.parse(tls.mode()).verifies() && tls.ca() == null) {
            errors.add("key '" + key + ".ca' is missing: mode " + tls.mode() + " checks the server's certificate against it");
        }
    }

    private static void requireServer(List<String> errors, String key, Config.Server server) {
        if (server == null || server.uri() == null) {
            errors.add("key '" + key + ".uri' is missing (USER@HOST:PORT)");
            return;
        }
        try {
            Passwords.address(server.uri());
        } catch (IllegalArgumentException e) {
            errors.add("key '" + key + ".uri': " + e.getMessage());
        }
    }

    /** A server of the configuration: its address, its password (file or OFFRAMP_ROLE_PASSWORD) and TLS. */
    public static Endpoint endpoint(String role, Config.Server server, Path configFile) {
        Config.Tls tls = server.tls();
        return BadUsage.parsing(() -> Passwords.endpoint(role, Passwords.address(server.uri()),
            server.passwordFile() == null ? null : resolve(configFile, server.passwordFile()), false,
            tls == null ? Passwords.tls(null, null) : Tls.parse(tls.mode(), tls.ca() == null ? null : resolve(configFile, tls.ca()))));
    }

    /** The replication user's password: replication.password-file, or OFFRAMP_REPLICATION_PASSWORD. */
    public static Secret replicationPassword(Config config, Path configFile, ServerUri reaching) {
        Config.Replication r = config.replication();
        return BadUsage.parsing(() -> Passwords.resolve("replication",
            r.passwordFile() == null ? null : resolve(configFile, r.passwordFile()), false,
            new ServerUri(r.user(), reaching.host(), reaching.port())));
    }

    /** TLS of a replication channel, from replication.tls. */
    public static ChannelTls replicationTls(Config.Tls tls) {
        return tls == null || tls.mode() == null ? ChannelTls.DISABLED
            : new ChannelTls(TlsMode.parse(tls.mode()),
                tls.ca(), tls.cert(), tls.key());
    }

    /** A path from the configuration, relative to the configuration file's directory. */
    public static Path resolve(Path configFile, String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : configFile.toAbsolutePath().getParent().resolve(p).normalize();
    }
}
