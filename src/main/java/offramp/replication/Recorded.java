package offramp.replication;

import offramp.server.ServerIdentity;

import java.util.List;

/**
 * What the provision run recorded in its journal about the replica it made, for {@code offramp status} to compare
 * the standing replica with.
 *
 * @param source     the source's identity when replication was configured; null when not known
 * @param ownGtids   the replica's own GTID state then (what it wrote itself before is no drift); empty when none
 * @param settings   the settings offramp put on the replica, which must outlive its restarts
 * @param optionFile the option file fragment that keeps those the server does not; null when none was written
 */
public record Recorded(ServerIdentity source, String ownGtids, List<ReplicaSetting> settings, String optionFile) {

    public Recorded {
        ownGtids = ownGtids == null ? "" : ownGtids;
        settings = settings == null ? List.of() : List.copyOf(settings);
    }

    /** Nothing recorded (status given --replica and --source). */
    public static Recorded nothing() {
        return new Recorded(null, "", List.of(), null);
    }
}
