package offramp.cutover;

import offramp.replication.ReplicationSource;
import offramp.server.Endpoint;

/**
 * One of the two servers of a cutover, named as the configuration names it.
 *
 * @param name     {@code source} or {@code target}
 * @param endpoint how offramp reaches it
 * @param address  how the other server's replication reaches it (replication.source-host, cutover.target-host)
 */
record Side(String name, Endpoint endpoint, ReplicationSource.Address address) {

    @Override
    public String toString() {
        return "the " + name + " " + endpoint.uri();
    }
}
