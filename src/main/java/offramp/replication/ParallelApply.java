package offramp.replication;

import offramp.server.Dialect;
import offramp.usage.BadUsage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the replica applies the source's transactions while it catches up: with offramp's parallel workers, or
 * with whatever the server is configured to do (its own settings kept). A replica's default is one SQL thread,
 * which on a durable replica waits on the disk for every commit and falls behind any source whose clients commit
 * concurrently; parallel workers commit in groups, in the source's order.
 *
 * @param workers how many workers apply in parallel; null keeps the server's own settings
 */
public record ParallelApply(Integer workers) {

    /**
     * Workers offramp configures unless told otherwise. Applying is bound by commits waiting on the disk, not by
     * the CPU, so more workers than cores pay: bench/catchup measures it (see the README).
     */
    public static final int DEFAULT_WORKERS = 16;

    public ParallelApply {
        if (workers != null && workers < 1) {
            throw new BadUsage("parallel workers must be at least 1, got " + workers);
        }
    }

    public static ParallelApply offrampDefault() {
        return new ParallelApply(DEFAULT_WORKERS);
    }

    public static ParallelApply keep() {
        return new ParallelApply(null);
    }

    /**
     * From the configuration's {@code replication.parallel-workers}: a number of workers, or {@code keep}; null
     * (the key absent) is offramp's default.
     */
    public static ParallelApply parse(String text) {
        if (text == null) {
            return offrampDefault();
        }
        if (text.trim().equalsIgnoreCase("keep")) {
            return keep();
        }
        try {
            return new ParallelApply(Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            throw new BadUsage("a number of workers (at least 1) or 'keep', got '" + text + "'");
        }
    }

    public boolean keeps() {
        return workers == null;
    }

    /**
     * What to set on a replica.
     *
     * @param names    the variables that decide how the replica applies, set or not, in order
     * @param settings the values to set; empty when nothing is to be changed
     * @param note     why nothing is changed, or what to know about the change; null when there is nothing to say
     */
    public record Plan(List<String> names, Map<String, String> settings, String note) {
    }

    /**
     * @param logsReplicaUpdates whether the replica has its own binlog with the replica's updates logged in it
     */
    public Plan plan(Dialect flavor, boolean logsReplicaUpdates) {
        LinkedHashMap<String, String> wanted = flavor.parallelApplySettings(keeps() ? 1 : workers);
        List<String> names = List.copyOf(wanted.keySet());
        if (keeps()) {
            return new Plan(names, Map.of(), "the server's own apply settings are kept (asked for)");
        }
        if (!logsReplicaUpdates && flavor.preserveCommitOrderNeedsReplicaBinlog()) {
            // Without preserved commit order, workers commit out of the source's order: the replica's data would at
            // times be a state the source never had, and a stop could leave gaps below its reported position.
            return new Plan(names, Map.of(), flavor.label() + " " + flavor.version() + " preserves the source's commit order "
                + "only with log_bin and log_slave_updates on, which the replica does not have: the server's own apply "
                + "settings are kept. Turn both on (a restart) for parallel apply");
        }
        return new Plan(names, wanted, null);
    }

    /**
     * What the replica's apply settings were and are.
     *
     * @param before the values before offramp changed anything
     * @param after  the values the replica applies with
     * @param note   see {@link Plan#note()}
     */
    public record Change(Map<String, String> before, Map<String, String> after, String note) {

        public boolean changed() {
            return !before.equals(after);
        }

        /** e.g. {@code slave_parallel_threads 0 -> 16, slave_parallel_mode optimistic} */
        public String describe() {
            StringBuilder line = new StringBuilder();
            after.forEach((name, value) -> {
                String was = before.get(name);
                line.append(line.length() == 0 ? "" : ", ").append(name).append(' ')
                    .append(was != null && !was.equals(value) ? was + " -> " + value : value);
            });
            return line + (note == null ? "" : " (" + note + ")");
        }
    }
}
