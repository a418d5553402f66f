package offramp.workdir;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A journal file of one JSON object per line, each with a {@code fact} field, read back: its facts, and how many of
 * its bytes hold them whole. Only the last line may be torn, by a kill while it was being written: it is left out
 * (the writer truncates the file to {@code intactBytes} before it appends). A bad line before others is no kill's
 * doing but damage to the file, and refused.
 *
 * @param intactBytes the length of the file up to the end of its last whole line
 */
public record FactLines(List<JsonNode> facts, long intactBytes) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param damaged what to do when the file is damaged, for the message (e.g. "use a new --work-dir")
     * @throws IOException naming the file and the line when a line other than the last one is not a fact
     */
    public static FactLines read(byte[] content, Path file, String damaged) throws IOException {
        List<JsonNode> facts = new ArrayList<>();
        int start = 0;
        int number = 0;
        while (start < content.length) {
            int end = start;
            while (end < content.length && content[end] != '\n') {
                end++;
            }
            number++;
            JsonNode fact = parse(new String(content, start, end - start, StandardCharsets.UTF_8));
            boolean last = end >= content.length - 1;
            if (fact == null) {
                if (last) {
                    return new FactLines(facts, start);
                }
                throw new IOException("the journal " + file + " is damaged at line " + number + ": it is not a whole fact, "
                    + "and lines follow it (a kill can tear only the last line). Its record cannot be trusted: " + damaged);
            }
            facts.add(fact);
            start = end + 1;
        }
        return new FactLines(facts, content.length);
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() && node.has("fact") ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
