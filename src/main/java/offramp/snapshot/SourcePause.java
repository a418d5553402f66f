package offramp.snapshot;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What taking the snapshot did to the live source: the figure a DBA reports first.
 *
 * @param frozenMs how long offramp kept the source stopped, in milliseconds; null when offramp did not stop it
 * @param how      what happened to the source, in words
 */
public record SourcePause(@JsonProperty("frozen-ms") Long frozenMs, String how) {

    /** The state key under which a provider that stops the source records how long it did. */
    public static final String FROZEN_MS = "frozen-ms";

    /** A source offramp did not stop; {@code how} says what was done instead. */
    public static SourcePause notStopped(String how) {
        return new SourcePause(null, how);
    }
}
