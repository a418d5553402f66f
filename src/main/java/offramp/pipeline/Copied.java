package offramp.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.Map;

/**
 * What the rest of a provision run reads of the copy step's outputs (the copy's result, as the journal records it).
 *
 * @param tables   rows copied per table ({@code schema.table})
 * @param fastLoad the target settings a fast load relaxed and put back; null without one
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record Copied(Map<String, Long> tables, String fastLoad) {
}
