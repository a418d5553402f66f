package offramp.copy;

import java.util.List;
import java.util.Map;

/**
 * What a copy did.
 *
 * @param tables     rows copied per table ({@code schema.table}), by this run and any it resumed
 * @param rows       rows copied in this run
 * @param bytes      bytes of row data streamed in this run
 * @param seconds    how long this run took
 * @param resumed    whether it continued an interrupted run
 * @param collations collations mapped for the target
 * @param notes      things the DBA should know (missing definers, ...)
 * @param fastLoad   the target settings a fast load relaxed and put back ({@link FastLoad#describe}); null without one
 */
public record CopyResult(Map<String, Long> tables, long rows, long bytes, double seconds, boolean resumed,
                         Map<String, String> collations, List<String> notes, String fastLoad) {
}
