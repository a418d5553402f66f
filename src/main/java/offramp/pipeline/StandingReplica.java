package offramp.pipeline;

import offramp.replication.Recorded;
import offramp.replication.ReplicaSetting;
import offramp.server.Endpoint;
import offramp.server.ServerIdentity;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The replica a provision run made, as {@code offramp status --config} follows it: the configuration's target and
 * source, whether the replica was meant to stay writable, and the source the run started replication from (its
 * journal), so that a source replaced behind the same address is noticed.
 *
 * @param replica        the target of the configuration
 * @param source         the source of the configuration
 * @param writable       replication.writable
 * @param recorded       what the journal recorded: the source's identity when replication was configured, the
 *                       replica's own GTIDs then, the settings offramp put on it and the option file keeping them
 * @param verifyDir      where {@code offramp verify} keeps its journal and last outcome for this replica
 */
public record StandingReplica(Endpoint replica, Endpoint source, boolean writable, Recorded recorded, Path verifyDir) {

    /** The work directory's subdirectory that {@code offramp verify --config} works in. */
    public static final String VERIFY_DIR = "verify";

    /** The same replica, meant to stay writable or not. */
    public StandingReplica writable(boolean meant) {
        return new StandingReplica(replica, source, meant, recorded, verifyDir);
    }

    /** The journal's fact naming the option file fragment that keeps the replica's settings across restarts. */
    static final String OPTION_FILE = "replica-option-file";
    /** The journal's fact with the settings offramp put on the replica. */
    static final String SETTINGS = "replica-settings";
    /** The journal's fact with the replica's own GTID state when replication was configured. */
    static final String OWN_GTIDS = "replica-own-gtids";

    public static StandingReplica of(Config config, Path configFile) throws IOException {
        Endpoint target = ConfigLoader.endpoint("target", config.target(), configFile);
        Endpoint sourceEndpoint = ConfigLoader.endpoint("source", config.source(), configFile);
        Path workDir = ConfigLoader.resolve(configFile, config.workDir() == null ? "offramp-work" : config.workDir());
        Recorded recorded = Recorded.nothing();
        // Only read: status never creates a work directory or takes its lock (a provision may be running in it).
        if (Files.exists(workDir.resolve("journal.json"))) {
            Journal journal = Journal.open(workDir);
            JsonNode source = journal.fact("source-server");
            JsonNode settings = journal.fact(SETTINGS);
            recorded = new Recorded(source.isMissingNode() ? null : Journal.as(source, ServerIdentity.class),
                journal.fact(OWN_GTIDS).asText(""),
                settings.isMissingNode() ? List.of() : List.of(Journal.as(settings, ReplicaSetting[].class)),
                journal.fact(OPTION_FILE).isMissingNode() ? null : journal.fact(OPTION_FILE).asText());
        }
        boolean writable = config.replication() != null && Boolean.TRUE.equals(config.replication().writable());
        return new StandingReplica(target, sourceEndpoint, writable, recorded, workDir.resolve(VERIFY_DIR));
    }
}
