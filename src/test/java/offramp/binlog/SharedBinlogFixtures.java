package offramp.binlog;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The binlog files real MySQL 8.0, Aurora MySQL and MySQL 5.7 servers wrote, kept outside the repository in
 * {@code ../shared/fixtures/binlog/} (see its README). Under {@code CI=true} a missing file fails the test;
 * elsewhere the test is skipped with a message saying which file is missing.
 */
public final class SharedBinlogFixtures {

    /** Relative to the project root, where Maven runs the tests. */
    public static final Path DIRECTORY = Path.of("..", "shared", "fixtures", "binlog");

    /** MySQL 8.0.28: one transaction compressed into a TRANSACTION_PAYLOAD that ends at 724, then a ROTATE. */
    public static final String COMPRESSED = "mysql-bin.compressed";
    /** Aurora MySQL 5.7.12: an Anonymous_Gtid, Aurora's padding (type 100, ignorable), a BEGIN, and no end. */
    public static final String AURORA_PADDING = "mysql-bin.aurora-padding";
    /** MySQL 5.7.21, CRC32 checksums, ends with a ROTATE. */
    public static final String CHECKSUM_CRC32 = "mysql-bin.checksum-crc32";
    /** MySQL 5.7.20, no checksums, ends with a STOP. */
    public static final String CHECKSUM_NONE = "mysql-bin.checksum-none";

    private SharedBinlogFixtures() {
    }

    /** The directory holding the fixtures, after checking that {@code name} is there. */
    public static Path directoryWith(String name) {
        Path file = DIRECTORY.resolve(name);
        if (!Files.isRegularFile(file)) {
            String message = "binlog fixture " + file.toAbsolutePath().normalize() + " is missing";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + " (CI=true: fixtures are required)");
            }
            Assumptions.abort(message);
        }
        return DIRECTORY.toAbsolutePath().normalize();
    }

    public static Path file(String name) {
        return directoryWith(name).resolve(name);
    }
}
