package offramp.replication;

import offramp.server.ServerIdentity;

import offramp.binlog.BinlogCoordinates;

/**
 * What {@code replicate} and {@code provision} do with the replica they find: configure it from the given
 * coordinates, leave it replicating where it is, or refuse. A rerun of either (after a lost connection, a
 * kill -9) finds the replica already replicating from the source and past the coordinates; configuring it again
 * would rewind it, and it would replay applied transactions and stop on duplicate keys.
 *
 * @param action  what to do
 * @param reason  why, as a sentence for the DBA; for a refusal, the fix
 * @param warning what {@code --force-reconfigure} overrode; null when nothing was
 */
public record StartDecision(Action action, String reason, String warning) {

    public enum Action {
        /** Point the replica at the source from the coordinates (CHANGE MASTER TO) and start it. */
        CONFIGURE,
        /** Keep the replica's position; start its threads if they are stopped. */
        RESUME,
        /** Change nothing. */
        REFUSE
    }

    /** How the command asks the replica to be configured: where the source is, and from where to start. */
    public record Wanted(String host, int port, BinlogCoordinates at, boolean autoPosition, boolean force) {
    }

    /**
     * @param replica the server to be made a replica
     * @param source  the live source, as offramp reaches it
     * @param status  the replica's SHOW REPLICA STATUS; null when replication was never configured on it
     * @param wanted  what the command asks for
     */
    public static StartDecision decide(ServerIdentity replica, ServerIdentity source, ReplicationStatus status,
                                       Wanted wanted) {
        String shared = replica.sharedWith(source);
        if (shared != null) {
            // Not even --force-reconfigure: the live source would become a read-only replica, an outage.
            return refuse("the replica " + replica.address() + " and the source " + source.address() + " have the same "
                + shared + ": they are one server, or two that cannot replicate between them (a replica skips "
                + "events carrying its own server_id). offramp will not make the source a replica: check --replica "
                + "and --source, and give the replica a server_id of its own");
        }
        String target = wanted.host() + ":" + wanted.port();
        if (status == null || status.sourceHost() == null || status.sourceHost().isEmpty()) {
            return new StartDecision(Action.CONFIGURE, "the replica is not configured to replicate yet", null);
        }
        if (status.applied() == null && !status.running()) {
            // RESET SLAVE keeps the old source's address but no position: nothing is replicating to protect.
            return new StartDecision(Action.CONFIGURE, "the replica was reset (it has no position) and is not replicating", null);
        }
        String current = status.sourceHost() + ":" + status.sourcePort()
            + (status.sourceServerId() != 0 ? " (server_id " + status.sourceServerId() + ")" : "");
        String otherSource = otherSource(status, source, wanted);
        if (otherSource != null) {
            return forceOrRefuse(wanted, "the replica already replicates from " + current + ", not from " + target
                + " (" + source + "): " + otherSource, "it would stop replicating from " + current);
        }
        if (status.applied() == null) {
            return new StartDecision(Action.CONFIGURE, "the replica is configured for " + target
                + " but has no position yet (was replication reset?)", null);
        }
        String threads = status.running() ? "its threads run" : "its stopped threads will be started";
        if (wanted.autoPosition()) {
            return new StartDecision(Action.RESUME, "the replica already replicates from " + target
                + " with GTID auto-position and has applied up to " + status.applied() + "; " + threads, null);
        }
        if (!comparable(status.applied(), wanted.at())) {
            return forceOrRefuse(wanted, "the replica replicates from " + target + " but has applied up to "
                + status.applied() + ", in another series of binlog files than " + wanted.at()
                + ": the source's binlog was renamed or the server rebuilt, or --file is wrong",
                "it would leave its position " + status.applied());
        }
        if (!status.applied().isBefore(wanted.at())) {
            String where = status.applied().equals(wanted.at()) ? "exactly at" : "past";
            return new StartDecision(Action.RESUME, "the replica already replicates from " + target + " and has applied "
                + "up to " + status.applied() + ", " + where + " " + wanted.at() + ": configuring it again would rewind it "
                + "and replay applied transactions, so its position is kept; " + threads, null);
        }
        return forceOrRefuse(wanted, "the replica replicates from " + target + " but has applied only up to "
            + status.applied() + ", before " + wanted.at() + ": it was started from other coordinates, and starting "
            + "it at " + wanted.at() + " would skip the transactions in between. Check --file and --pos",
            "it would skip from " + status.applied() + " to " + wanted.at());
    }

    /** Why the replica's source is not the one wanted; null when it is the same. */
    private static String otherSource(ReplicationStatus status, ServerIdentity source, Wanted wanted) {
        if (!status.sourceHost().equalsIgnoreCase(wanted.host()) || status.sourcePort() != wanted.port()) {
            return "another host or port";
        }
        if (status.sourceServerId() != 0 && status.sourceServerId() != source.serverId()) {
            return "the server it last connected to there had server_id " + status.sourceServerId() + ", the source has "
                + source.serverId() + " (a rebuilt or failed-over source)";
        }
        if (status.sourceUuid() != null && !status.sourceUuid().isBlank() && source.serverUuid() != null
            && !status.sourceUuid().equalsIgnoreCase(source.serverUuid())) {
            return "the server it last connected to there had server_uuid " + status.sourceUuid() + ", the source has "
                + source.serverUuid() + " (a rebuilt or failed-over source)";
        }
        return null;
    }

    /** Coordinates in one series of files (same base name), so that their order means something. */
    static boolean comparable(BinlogCoordinates a, BinlogCoordinates b) {
        return base(a.file()).equals(base(b.file()));
    }

    private static String base(String file) {
        int dot = file.lastIndexOf('.');
        return dot < 0 ? file : file.substring(0, dot);
    }

    private static StartDecision forceOrRefuse(Wanted wanted, String finding, String consequence) {
        if (wanted.force()) {
            return new StartDecision(Action.CONFIGURE, "--force-reconfigure: configuring the replica from "
                + (wanted.autoPosition() ? "GTID auto-position" : wanted.at()) + " anyway",
                finding + "; --force-reconfigure reconfigures it all the same: " + consequence);
        }
        return refuse(finding + ". offramp changed nothing. To point it at " + wanted.host() + ":" + wanted.port()
            + " from " + (wanted.autoPosition() ? "GTID auto-position" : wanted.at().toString())
            + " all the same, rerun with --force-reconfigure (" + consequence + ")");
    }

    private static StartDecision refuse(String reason) {
        return new StartDecision(Action.REFUSE, reason, null);
    }
}
