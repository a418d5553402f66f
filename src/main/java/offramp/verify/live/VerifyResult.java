package offramp.verify.live;

import offramp.verify.Difference;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * A live verification's outcome.
 *
 * @param identical           every table found identical at a common point, and the definitions equal
 * @param tables              tables compared
 * @param rows                rows compared on the source (this run and, resumed, the run it continues)
 * @param chunks              chunks compared
 * @param resumedChunks       chunks whose verdict came from the journal of the interrupted run
 * @param syncs               common points the replica was brought to
 * @param retries             synchronisations given up and tried again (a lock not granted in time, a replica too
 *                            slow to reach the point)
 * @param longestPauseMillis  the longest the replica's applier stood still
 * @param longestReadMillis   the longest a consistent read stayed open on the source
 * @param longestLockMillis   the longest writes waited for the brief table lock (MySQL, Aurora); 0 without one
 * @param seconds             the run's duration
 * @param from                the first source position compared at
 * @param to                  the last
 * @param differences         what differs: definitions, tables on one side, chunks
 * @param differingRows       the rows found differing, by key
 * @param differingTables     the tables with a difference
 * @param finished            when it ended
 */
public record VerifyResult(boolean identical, int tables, long rows, int chunks, int resumedChunks, int syncs, int retries,
                           long longestPauseMillis, long longestReadMillis, long longestLockMillis, double seconds,
                           String from, String to, List<Difference> differences, List<JsonNode> differingRows,
                           List<String> differingTables, @JsonIgnore Instant finished) {

    /** When it ended, ISO-8601. */
    @JsonProperty
    public String finishedAt() {
        return finished.toString();
    }

    @JsonProperty
    public double rowsPerSecond() {
        return seconds <= 0 ? 0 : rows / seconds;
    }
}
