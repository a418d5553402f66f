package offramp.binlog;

import java.nio.file.Path;
import java.util.List;

/** The end positions mysqlbinlog prints for a file, for tests outside this package. */
public final class MysqlbinlogPositionsAccess {
    private MysqlbinlogPositionsAccess() {
    }

    public static List<Long> of(Path file) throws Exception {
        return MysqlbinlogPositions.of(file).stream().map(MysqlbinlogPositions.Position::end).toList();
    }
}
