package offramp.coordinates;

import java.util.List;

/**
 * What was checked on the live source to prove the coordinates.
 *
 * @param source         the source's address
 * @param sourceServerId its server id
 * @param eventsCompared how many events before the position were found identical on both servers
 * @param comparedFrom   the position the comparison started at
 * @param eventAtPosition what the source has at the position: the event that begins the next transaction, or
 *                       a note that the file ends there
 * @param checks         the findings, one sentence each
 */
public record SourceProof(String source, long sourceServerId, int eventsCompared, long comparedFrom,
                          String eventAtPosition, List<String> checks) {
}
