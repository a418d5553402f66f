package offramp.pipeline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import offramp.replication.ParallelApply;
import offramp.server.ServerUri;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads and checks the configuration file; every error names the key and what is wrong with it. */
public final class ConfigLoader {

    static final Set<String> PROVIDERS = Set.of("aurora", "rds-replica", "clone", "local");
    static final Set<String> TLS_MODES = Set.of("disabled", "required", "verify-ca", "verify-identity");

    private ConfigLoader() {
    }

    public static Config load(Path file) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        Config config;
        try {
            config = yaml.readValue(file.toFile(), Config.class);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new IllegalArgumentException(file + ": unknown key '" + path(e) + "' (known here: " + known + ")");
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(file + ": key '" + path(e) + "': " + e.getOriginalMessage());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no configuration file " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage());
        }
        if (config == null) {
            throw new IllegalArgumentException(file + " is empty");
        }
        List<String> errors = validate(config);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(file + ": " + String.join("; ", errors));
        }
        return config;
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining(".")).replace(".[", "[");
    }

    static List<String> validate(Config c) {
        List<String> errors = new ArrayList<>();
        requireServer(errors, "source", c.source());
        requireServer(errors, "target", c.target());
        if (c.snapshot() == null || c.snapshot().provider() == null) {
            errors.add("key 'snapshot.provider' is missing: one of " + PROVIDERS);
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
        return errors;
    }

    /** A count or a duration: zero or less would divide by zero, start no thread, or never wait. */
    private static void atLeastOne(List<String> errors, String key, Number value) {
        if (value != null && value.longValue() < 1) {
            errors.add("key '" + key + "' must be at least 1, got " + value);
        }
    }

    private static void checkTls(List<String> errors, String key, Config.Tls tls) {
        if (tls != null && tls.mode() != null && !TLS_MODES.contains(tls.mode())) {
            errors.add("key '" + key + ".mode': '" + tls.mode() + "' is not one of " + TLS_MODES);
        } else if (tls != null && ("verify-ca".equals(tls.mode()) || "verify-identity".equals(tls.mode())) && tls.ca() == null) {
            errors.add("key '" + key + ".ca' is missing: mode " + tls.mode() + " checks the server's certificate against it");
        }
    }

    private static void requireServer(List<String> errors, String key, Config.Server server) {
        if (server == null || server.uri() == null) {
            errors.add("key '" + key + ".uri' is missing (USER@HOST:PORT)");
            return;
        }
        try {
            ServerUri.parse(server.uri());
        } catch (IllegalArgumentException e) {
            errors.add("key '" + key + ".uri': " + e.getMessage());
        }
    }

    /** A path from the configuration, relative to the configuration file's directory. */
    public static Path resolve(Path configFile, String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : configFile.toAbsolutePath().getParent().resolve(p).normalize();
    }
}
