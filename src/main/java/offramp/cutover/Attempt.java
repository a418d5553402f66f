package offramp.cutover;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One attempt to move the writes, as the journal keeps it. Each change to a server is recorded here before it is
 * made, with what was there before, so that a rerun after a kill can finish the attempt: roll it back while the
 * new primary is still closed, or complete it once opening it has begun ({@link #committed}).
 */
public final class Attempt {

    /** The phases in order; each is journalled before its action, the next one after it. */
    public static final List<String> PHASES = List.of("fencing", "fenced", "proving-fence", "fence-proven", "waiting",
        "caught-up", "verifying", "verified", "stopping-replication", "replication-stopped", "arming-reverse",
        "reverse-armed", "opening", "opened", "switching", "switched");

    /** {@code forward} (source to target) or {@code reverse}. */
    public String direction;
    /** The last phase reached. */
    public String phase;
    /** When the write stop began (the fence), milliseconds since the epoch. */
    public long fencedAtMillis;
    /** When the new primary opened, milliseconds since the epoch; 0 until then. */
    public long openedAtMillis;

    /** The old primary's read_only and super_read_only before the fence. */
    public boolean readOnlyWas;
    public boolean superReadOnlyWas;
    /** Whether the fence set read_only (false: the account may not, as on RDS, or it was on already). */
    public boolean readOnlySet;
    /** Whether account changes were kept out of the binlog (sql_log_bin = 0). */
    public boolean outOfBinlog;
    /** The application accounts the fence locks (the ones that were unlocked before), user@host. */
    public List<String> lockedOnOldPrimary = new ArrayList<>();
    /** Whether the old primary is an RDS or Aurora server (procedures instead of statements). */
    public boolean oldPrimaryRds;
    public boolean newPrimaryRds;

    /** The old primary's final binlog position F, FILE:POS, and its GTID state. */
    public String finalPosition;
    /** Chunks compared under the fence; 0 before the comparison or without one. */
    public int chunksUnderFence;
    public String finalGtid;
    /** The application accounts unlocked on the new primary (locked there before), user@host. */
    public List<String> unlockedOnNewPrimary = new ArrayList<>();
    /** The new primary's binlog position T0 after the last replicated write, FILE:POS, and its GTID state. */
    public String t0;
    public String t0Gtid;
    /** The new primary's read_only before it opened (put back if a rollback ever needs it). */
    public boolean newReadOnlyWas;

    /** Set before the new primary opens: from here on a rerun completes the cutover instead of rolling it back. */
    public boolean committed;
    /** Why the attempt is being rolled back; null while it is not. */
    public String rollingBack;
    /** What the switch command did. */
    public String switchResult;
    /** The switch command's process while it runs, so that a rerun after a kill never runs a second one beside it. */
    public SwitchCommand.Started switchProcess;

    /** The write stop's estimate before the fence, seconds per phase ({@link WriteStopEstimate#NAMES}). */
    public Map<String, Double> estimatedSeconds = new LinkedHashMap<>();

    /** When each phase was reached, milliseconds since the epoch, for the report's timeline. */
    public Map<String, Long> phaseAtMillis = new LinkedHashMap<>();

    /** How long each phase took, to the next phase reached, in seconds. */
    public Map<String, Double> phaseSeconds() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        String previous = null;
        for (var e : phaseAtMillis.entrySet()) {
            if (previous != null) {
                seconds.put(previous, (e.getValue() - phaseAtMillis.get(previous)) / 1000.0);
            }
            previous = e.getKey();
        }
        return seconds;
    }

    public boolean reached(String p) {
        return phase != null && PHASES.indexOf(phase) >= PHASES.indexOf(p);
    }
}
