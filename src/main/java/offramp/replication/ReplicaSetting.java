package offramp.replication;

import java.util.Arrays;
import java.util.Locale;

/**
 * A setting offramp put on a replica, and whether the server itself keeps it across a restart (MySQL 8's SET
 * PERSIST); one it does not keep lives on only through the option file offramp writes for it.
 *
 * @param name      the variable (or option) name, e.g. read_only, slave_parallel_threads, replicate_wild_ignore_table
 * @param value     the value offramp set, as an option file spells it
 * @param persisted whether the server keeps it across a restart
 */
public record ReplicaSetting(String name, String value, boolean persisted) {

    /**
     * Whether a running value is this setting's: ON is 1, OFF is 0, case and a backslash before _ aside; a list (the
     * filter's rules, comma-separated) holds it when one of its items is it.
     */
    public boolean heldBy(String running) {
        return running != null && Arrays.stream(running.split(",")).map(ReplicaSetting::normal).anyMatch(normal(value)::equals);
    }

    private static String normal(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT).replace("\\_", "_");
        return v.equals("ON") || v.equals("TRUE") ? "1" : v.equals("OFF") || v.equals("FALSE") ? "0" : v;
    }
}
