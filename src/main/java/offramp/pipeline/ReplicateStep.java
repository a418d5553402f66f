package offramp.pipeline;

import offramp.copy.FastLoad;
import offramp.replication.GtidAutoPosition;
import offramp.replication.Replica;
import offramp.replication.Replicate;
import offramp.replication.ReplicaSetting;
import offramp.replication.ReplicationStart;
import offramp.server.ServerIdentity;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The replicate step: configures and starts the target replicating from the source at the proven coordinates, once
 * (a rerun after replication was configured only waits), then follows it until it has caught up.
 */
final class ReplicateStep {

    /** The option file fragment in the work directory that keeps the target's settings across restarts. */
    static final String OPTION_FILE = "replica-settings.cnf";

    /**
     * The step's outputs, as the journal records them.
     *
     * @param startedAt      the coordinates replication started at
     * @param lag            the catch-up, sample by sample
     * @param settingsBefore the target's apply settings before offramp changed them; null when not recorded
     * @param settings       the settings it applied with; null when not recorded
     * @param settingsNote   why they are what they are; null without a note
     * @param rate           the measured apply rate; JSON null when it was caught up at the first look
     */
    @JsonPropertyOrder({"started-at", "lag", "settings-before", "settings", "settings-note", "rate"})
    record Replicated(@JsonProperty("started-at") String startedAt, List<JsonNode> lag,
                      @JsonProperty("settings-before") @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode settingsBefore,
                      @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode settings,
                      @JsonProperty("settings-note") @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode settingsNote,
                      @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode rate) {

        /** How the replica applied while it caught up, as the report carries it. */
        Map<String, Object> catchUp() {
            Map<String, Object> catchUp = new LinkedHashMap<>();
            putPresent(catchUp, "settings-before", settingsBefore);
            putPresent(catchUp, "settings", settings);
            putPresent(catchUp, "settings-note", settingsNote);
            catchUp.put("rate", rate);
            return catchUp;
        }

        private static void putPresent(Map<String, Object> map, String key, JsonNode value) {
            if (value != null && !value.isMissingNode()) {
                map.put(key, value);
            }
        }
    }

    private final RunSettings settings;
    private final Journal journal;
    private final PrintStream out;

    ReplicateStep(RunSettings settings, Journal journal, PrintStream out) {
        this.settings = settings;
        this.journal = journal;
        this.out = out;
    }

    Replicated run(CoordinatesStep.Proven coordinates) throws Exception {
        Replicate replicate = new Replicate(settings.target, settings.source, out);
        if (!journal.fact("replication-configured").asBoolean(false)) {
            configure(replicate, coordinates);
            journal.note("replication-configured", true);
        }
        Replicate.CaughtUp caughtUp = replicate.awaitCaughtUp(settings.catchUpWait());
        out.println("  caught up; " + (caughtUp.rate() == null
            ? "caught up at the first look, too soon to measure the apply rate" : caughtUp.rate().describe()));
        List<JsonNode> lag = new ArrayList<>();
        caughtUp.lag().forEach(sample -> lag.add(Journal.tree(sample)));
        return new Replicated(coordinates.at().toString(), lag, fact("apply-settings-before"), fact("apply-settings"),
            fact("apply-settings-note"), Journal.tree(caughtUp.rate()));
    }

    /** A fact the configuration recorded, this run or an earlier one; null when it was not recorded. */
    private JsonNode fact(String name) {
        JsonNode value = journal.fact(name);
        return value.isMissingNode() ? null : value;
    }

    /**
     * Records the settings put on the target, which status checks for as long as it stands, and writes the option
     * file fragment that keeps those the server does not keep itself (MariaDB has no SET PERSIST).
     */
    private void keepAcrossRestarts(ReplicationStart.Outcome outcome) throws IOException {
        if (outcome.kept().isEmpty()) {
            return;
        }
        journal.note(StandingReplica.SETTINGS, outcome.kept());
        String persisted = String.join(", ", outcome.kept().stream().filter(ReplicaSetting::persisted)
            .map(ReplicaSetting::name).toList());
        if (!persisted.isEmpty()) {
            out.println("  kept across restarts by the server (SET PERSIST): " + persisted);
        }
        if (outcome.optionFile() != null) {
            Path file = settings.workDir.resolve(OPTION_FILE).toAbsolutePath();
            Files.writeString(file, outcome.optionFile());
            // mysqld reads it under its own user; it holds no secret
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            journal.note(StandingReplica.OPTION_FILE, file.toString());
            out.println("  the target does not keep these settings across a restart by itself: add this line to its "
                + "option file (my.cnf), else status reports them CRITICAL after the next restart (or copy the file "
                + "into the server's include directory, e.g. /etc/mysql/conf.d/, on the target's host: a work "
                + "directory removed later would take the settings with it):");
            out.println("    !include " + file);
        }
    }

    private void configure(Replicate replicate, CoordinatesStep.Proven coordinates) throws Exception {
        // The copy puts them back before it counts as done; this makes sure no replica applies on them.
        FastLoad.restoreLeftover(settings.workDir.resolve("copy"), settings.target).ifPresent(m -> out.println("  " + m));
        ReplicationStart.Outcome outcome;
        try {
            outcome = replicate.start((t, s) -> {
                // offramp status checks, for as long as the replica stands, that the source is still this server.
                journal.note("source-server", ServerIdentity.read(s, settings.source.uri()));
                // Recorded before anything changes, and only once: a rerun would read offramp's own values.
                if (journal.fact("apply-settings-before").isMissingNode()) {
                    journal.note("apply-settings-before", new Replica(t).applySettings(null).before());
                }
                // What the target wrote itself before (accounts, schemas made by hand) is its baseline, not drift.
                if (journal.fact(StandingReplica.OWN_GTIDS).isMissingNode()) {
                    journal.note(StandingReplica.OWN_GTIDS, new Replica(t).ownGtidState());
                }
                // A run killed between CHANGE MASTER and the note after it finds the replica running: it is left there.
                String gtid = GtidAutoPosition.gtidToPurge(coordinates.gtidStateName(), coordinates.gtidState(), s,
                    settings.source.uri());
                return settings.replicationStart(coordinates.at(), gtid);
            });
        } catch (ReplicationStart.Refused e) {
            throw new Refused("the target " + settings.target.uri() + " was left as it was: " + e.getMessage()
                + " (provision has no --force-reconfigure: reset replication on the target by hand, " + e.forgetSource() + ", "
                + "if it really is to be configured again)");
        }
        if (outcome.configured()) {
            out.println("  replication started at " + coordinates.at() + " from " + settings.replicationHost());
        }
        journal.note("apply-settings", outcome.apply().after());
        keepAcrossRestarts(outcome);
        if (outcome.apply().note() != null) {
            journal.note("apply-settings-note", outcome.apply().note());
        }
    }
}
