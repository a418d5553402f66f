package offramp.verify;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A server that moved while it was compared.
 *
 * @param server  which, in the DBA's words: {@code left (root@db1:3306)}
 * @param changes from where to where: {@code binlog b.000001:400 to b.000001:9000},
 *                {@code applied source position b.000007:120 to b.000007:800}
 */
public record Movement(String server, List<String> changes) {

    /** {@code left (root@db1:3306) moved during the comparison}. */
    public String what() {
        return server + " moved during the comparison";
    }

    @JsonProperty("summary")
    @Override
    public String toString() {
        return what() + ": " + String.join(", ", changes);
    }
}
