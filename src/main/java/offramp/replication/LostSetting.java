package offramp.replication;

/**
 * A setting offramp put on the replica that the running server no longer has (a restart without the option file).
 *
 * @param name    the variable
 * @param wanted  the value offramp set
 * @param running the value the server runs with; empty when none
 */
public record LostSetting(String name, String wanted, String running) {

    /** e.g. {@code read_only OFF (offramp set ON)} */
    public String describe() {
        return name + " " + (running == null || running.isEmpty() ? "(empty)" : running) + " (offramp set " + wanted + ")";
    }
}
