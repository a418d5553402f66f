package offramp.replication;

import offramp.server.Flavor;

/** Counts the transactions a GTID state stands for, so that its growth is the number of transactions applied. */
final class AppliedGtids {

    private AppliedGtids() {
    }

    /**
     * MariaDB's {@code gtid_slave_pos} ({@code domain-server-seqno} per domain): the sequence numbers summed, as
     * each domain's count grows by one per transaction. MySQL's {@code gtid_executed} ({@code uuid:1-5:7-9,uuid2:1-3},
     * 8.4 also {@code uuid:tag:1-5}): the sizes of the intervals. Null for an empty MySQL state (GTIDs off).
     */
    static Long count(Flavor flavor, String state) {
        String text = state == null ? "" : state.replaceAll("\\s", "");
        if (text.isEmpty()) {
            return flavor.isMariaDb() ? 0L : null;
        }
        long total = 0;
        for (String part : text.split(",")) {
            if (flavor.isMariaDb()) {
                total += Long.parseLong(part.substring(part.lastIndexOf('-') + 1));
                continue;
            }
            for (String interval : part.split(":")) {
                if (!interval.matches("\\d+(-\\d+)?")) {
                    continue; // the UUID, or a tag
                }
                int dash = interval.indexOf('-');
                total += dash < 0 ? 1 : Long.parseLong(interval.substring(dash + 1)) - Long.parseLong(interval.substring(0, dash)) + 1;
            }
        }
        return total;
    }
}
