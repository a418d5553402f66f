package offramp.replication;

import offramp.server.Dialect;
import offramp.server.Gtids;

/** Counts the transactions a GTID state stands for, so that its growth is the number of transactions applied. */
final class AppliedGtids {

    private AppliedGtids() {
    }

    /**
     * The transactions {@code state} stands for (see {@link Gtids#transactionCount()}); null for an empty state
     * of a server that writes GTIDs only when told to (MySQL with GTIDs off).
     */
    static Long count(Dialect dialect, String state) {
        Gtids gtids = dialect.gtids(state);
        if (gtids.isEmpty()) {
            return dialect.alwaysWritesGtids() ? 0L : null;
        }
        return gtids.transactionCount();
    }

    /**
     * The transactions {@code state} holds beyond {@code baseline}, an earlier GTID state of the same replica
     * or the source's state at the position it had applied up to then (see {@link Gtids#transactionsSince});
     * null when the states do not count them (MySQL with GTIDs off).
     */
    static Long since(Dialect dialect, String state, String baseline) {
        Long count = count(dialect, state);
        return count == null ? null : dialect.gtids(state).transactionsSince(dialect.gtids(baseline == null ? "" : baseline));
    }
}
