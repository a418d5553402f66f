package offramp.snapshot;

import offramp.server.Endpoint;

import java.util.Map;

/**
 * The quiescent server a snapshot provider yields: it holds the source's data and binlog files as of the
 * snapshot.
 *
 * @param endpoint how to reach it
 * @param state    what the provider needs to find it again or remove it (kept in the journal); never secrets
 */
public record Clone(Endpoint endpoint, Map<String, String> state) {
}
