package offramp.pipeline;

import offramp.binlog.BinlogCoordinates;
import offramp.coordinates.CloneCoordinates;
import offramp.coordinates.CoordinatesFinder;
import offramp.coordinates.HistoryChoice;
import offramp.coordinates.NotProvenException;
import offramp.coordinates.SourceProof;
import offramp.coordinates.SourceProver;
import offramp.server.Endpoint;
import offramp.snapshot.Clone;
import offramp.snapshot.SnapshotProvider;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The coordinates step: finds where the clone's data ends in its binlog (or takes the provider's position),
 * cross-checks the provider's own report, and proves the coordinates against the live source.
 */
final class CoordinatesStep {

    /**
     * The step's outputs, as the journal records them.
     *
     * @param coordinates   where replication starts, FILE:POSITION
     * @param gtidStateName the clone's GTID state variable (gtid_executed, gtid_binlog_pos), null without one
     * @param gtidState     its value on the clone
     * @param evidence      how the coordinates were found and proven
     */
    @JsonPropertyOrder({"coordinates", "gtid-state-name", "gtid-state", "evidence"})
    record Proven(String coordinates, @JsonProperty("gtid-state-name") String gtidStateName,
                  @JsonProperty("gtid-state") String gtidState, List<String> evidence) {

        @JsonIgnore
        BinlogCoordinates at() {
            return BinlogCoordinates.parse(coordinates);
        }
    }

    private final SnapshotProvider provider;
    private final Endpoint source;
    private final PrintStream out;

    CoordinatesStep(SnapshotProvider provider, Endpoint source, PrintStream out) {
        this.provider = provider;
        this.source = source;
        this.out = out;
    }

    Proven run(Clone clone, Map<String, String> state) throws Exception {
        BinlogCoordinates reported = provider.reportedCoordinates(state);
        CloneCoordinates found = provider.coordinatesFromProvider()
            ? CloneCoordinates.reported(reported, provider.name() + ": " + provider.coordinatesEvidence())
            : findOnClone(clone, reported);
        if (reported != null && !reported.equals(found.coordinates())) {
            throw new NotProvenException("the " + provider.name() + " provider reports " + reported + " for the clone, "
                + "but its binlog ends its last complete transaction at " + found.coordinates() + "; offramp will not "
                + "start replication from either (evidence: " + String.join("; ", found.evidence()) + ")");
        }
        SourceProof proof = new SourceProver(source).prove(found);
        out.println("  coordinates " + found.coordinates());
        found.evidence().forEach(l -> out.println("    found   " + l));
        proof.checks().forEach(l -> out.println("    proven  " + l));
        List<String> evidence = new ArrayList<>(found.evidence());
        if (reported != null && !provider.coordinatesFromProvider()) {
            String agreed = "provider: " + provider.name() + " reports " + reported + ", the same position";
            out.println("    proven  " + agreed);
            evidence.add(agreed);
        }
        evidence.addAll(proof.checks());
        return new Proven(found.coordinates().toString(), found.gtidStateName(), found.gtidState(), evidence);
    }

    /**
     * The coordinates in the clone's binlog. When the clone runs with the source's server id, the file the
     * provider names (Aurora's crash-recovery event) tells the history from the clone's own files.
     */
    private CloneCoordinates findOnClone(Clone clone, BinlogCoordinates reported) throws Exception {
        CoordinatesFinder finder = new CoordinatesFinder(clone.endpoint());
        try {
            return finder.find(Optional.empty());
        } catch (HistoryChoice.Ambiguous e) {
            if (reported == null) {
                throw e;
            }
            out.println("  the clone runs with the source's server id; taking " + reported.file() + " from the "
                + provider.name() + " provider as the last file of the history");
            return finder.find(Optional.of(reported.file()));
        }
    }
}
