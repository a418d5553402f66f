package offramp.verify.live;

import offramp.replication.ReplicaHealth;
import offramp.text.Units;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The last live verification's outcome, kept in its work directory for {@code status} and the metrics.
 *
 * @param finished          when it ended (ISO-8601, UTC)
 * @param identical         its verdict
 * @param tables            tables compared
 * @param rows              rows compared
 * @param differingTables   the tables with a difference
 * @param differingRows     rows found differing
 * @param rowsVerifiedTotal rows compared by every verification in this work directory, ever (a counter)
 * @param lastSuccess       when a verification last found the replica identical (ISO-8601); null if none ever did
 */
public record LastVerification(String finished, boolean identical, int tables, long rows, List<String> differingTables,
                               long differingRows, long rowsVerifiedTotal, String lastSuccess) {

    public static final String FILE = "verify-last.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The last verification recorded in a work directory; null when none finished there. */
    public static LastVerification read(Path workDir) throws IOException {
        Path file = workDir.resolve(FILE);
        return Files.exists(file) ? JSON.readValue(file.toFile(), LastVerification.class) : null;
    }

    /** When a verification last found the replica identical, in seconds since the epoch; 0 if none ever did. */
    public long lastSuccessEpochSeconds() {
        return lastSuccess == null ? 0 : Instant.parse(lastSuccess).getEpochSecond();
    }

    /**
     * What {@code status} says of it: OK with its age when the replica was found identical; CRITICAL naming the
     * differing tables when not, for a replica that differs from its source is no faithful copy, however well it
     * replicates.
     */
    public ReplicaHealth.Finding finding(Instant now) {
        String age = Units.roughly(Duration.between(Instant.parse(finished), now).toSeconds());
        if (identical) {
            return new ReplicaHealth.Finding(ReplicaHealth.Level.OK, "verify", "identical to the source at the last "
                + "verification, " + age + " ago (" + tables + " tables, " + rows + " rows)");
        }
        return new ReplicaHealth.Finding(ReplicaHealth.Level.CRITICAL, "verify", "the last verification, " + age
            + " ago, found the replica different from its source: " + String.join(", ", differingTables)
            + (differingRows > 0 ? " (" + differingRows + " rows)" : "") + "; offramp verify --repair-sql FILE writes the "
            + "statements that bring it in line, then verify again");
    }

    /** Records a verification's outcome after the one before it. */
    static LastVerification record(Path workDir, VerifyResult result) throws IOException {
        LastVerification before = read(workDir);
        String finished = result.finished().toString();
        LastVerification now = new LastVerification(finished, result.identical(), result.tables(), result.rows(),
            result.differingTables(), result.differingRows().size(),
            (before == null ? 0 : before.rowsVerifiedTotal()) + result.rows(),
            result.identical() ? finished : before == null ? null : before.lastSuccess());
        Path temporary = workDir.resolve(FILE + ".new");
        Files.write(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(now));
        Files.move(temporary, workDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return now;
    }
}
