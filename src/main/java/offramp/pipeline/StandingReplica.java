package offramp.pipeline;

import offramp.server.Endpoint;
import offramp.server.ServerIdentity;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The replica a provision run made, as {@code offramp status --config} follows it: the configuration's target and
 * source, whether the replica was meant to stay writable, and the source the run started replication from (its
 * journal), so that a source replaced behind the same address is noticed.
 *
 * @param replica        the target of the configuration
 * @param source         the source of the configuration
 * @param writable       replication.writable
 * @param recordedSource the source's identity when replication was configured; null when the journal has none
 */
public record StandingReplica(Endpoint replica, Endpoint source, boolean writable, ServerIdentity recordedSource) {

    public static StandingReplica of(Config config, Path configFile) throws IOException {
        Endpoint target = ConfigLoader.endpoint("target", config.target(), configFile);
        Endpoint source = ConfigLoader.endpoint("source", config.source(), configFile);
        Path workDir = ConfigLoader.resolve(configFile, config.workDir() == null ? "offramp-work" : config.workDir());
        ServerIdentity recorded = null;
        // Only read: status never creates a work directory or takes its lock (a provision may be running in it).
        if (Files.exists(workDir.resolve("journal.json"))) {
            JsonNode fact = Journal.open(workDir).fact("source-server");
            recorded = fact.isMissingNode() ? null : Journal.as(fact, ServerIdentity.class);
        }
        boolean writable = config.replication() != null && Boolean.TRUE.equals(config.replication().writable());
        return new StandingReplica(target, source, writable, recorded);
    }
}
