package offramp.snapshot;

import offramp.binlog.BinlogCoordinates;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Makes a clone of the source, finds it again after an interruption, and removes what it made. Closing it releases
 * what it holds to do so (an API client), never the clone.
 */
public interface SnapshotProvider extends AutoCloseable {

    /** The provider's name in the configuration. */
    String name();

    /** What the provider will do, for {@code plan}. */
    String describe();

    /** Checks of the provider's own, run by preflight before anything is created. */
    default List<ProviderCheck> preflight() throws Exception {
        return List.of();
    }

    /**
     * Undoes what an interrupted run left changed on servers offramp does not own (a source left frozen), before
     * anything connects to them; says what it did. Called first by every run.
     */
    default void releaseLeftovers(StateLog log, PrintStream out) throws Exception {
    }

    /**
     * Takes the snapshot and makes the clone, recording each resource in {@code log} as soon as it exists; called
     * again after an interruption, it continues from what the log holds.
     */
    Clone create(StateLog log) throws Exception;

    /** The clone an earlier run made, from the state it journalled, ready to use again. */
    Clone resume(Map<String, String> state) throws Exception;

    /**
     * The coordinates the provider itself reports for the clone: Aurora's crash-recovery event, to cross-check the
     * ones offramp finds in the clone's binlog; or, with {@link #coordinatesFromProvider}, the coordinates
     * themselves. Null when it has none.
     */
    default BinlogCoordinates reportedCoordinates(Map<String, String> state) throws Exception {
        return null;
    }

    /**
     * True when the coordinates are the provider's alone (a stopped replica's executed position, a backup tool's
     * binlog position) rather than found in the clone's binlog; they are proven on the source all the same.
     */
    default boolean coordinatesFromProvider() {
        return false;
    }

    /** Where {@link #coordinatesFromProvider provider coordinates} come from, for the evidence; null otherwise. */
    default String coordinatesEvidence() {
        return null;
    }

    /**
     * Whether the copy reads the clone as the source's user, with the grants it has on the source (the clone is a
     * copy of the source, accounts and all): then preflight checks that user's privileges on the source itself.
     */
    default boolean readsCloneAsSourceUser() {
        return false;
    }

    /**
     * Whether the clone may be kept after a failure so that a rerun resumes the copy from it. A stopped replica
     * may not: it must replicate again, and its data moves on.
     */
    default boolean keepsForResume() {
        return true;
    }

    /**
     * Whether the configuration keeps the clone (and what was made for it) once the run is done with it; the run
     * then never calls {@link #cleanup}.
     */
    default boolean keepsClone() {
        return false;
    }

    /**
     * What taking the snapshot did to the source, from the state {@link #create} recorded, for the report; the
     * default: offramp did not stop it.
     */
    default SourcePause sourcePause(Map<String, String> state) {
        return SourcePause.notStopped("not stopped by offramp");
    }

    /**
     * Removes what {@link #create} made, nothing else, and says what it removed (one line per thing, with its id,
     * path or pid) and what it could not, with how to remove that by hand. Throws only when it could not even
     * look (an API that cannot be reached).
     */
    Removal cleanup(Map<String, String> state) throws Exception;

    /** Releases the provider's own resources; the default holds none. */
    @Override
    default void close() {
    }
}
