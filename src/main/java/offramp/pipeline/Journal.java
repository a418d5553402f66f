package offramp.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import offramp.workdir.WorkDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The provision run's record in its work directory: each step's outputs once it has finished, and the facts a
 * step must not lose midway (the clone it made, that replication was configured). Written to a new file, forced
 * to disk and renamed over the old one, so a kill at any moment leaves either the old record or the new one.
 */
public final class Journal {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final ObjectNode root;

    private Journal(Path file, ObjectNode root) {
        this.file = file;
        this.root = root;
    }

    /** Reads the journal of a work directory; the caller holds the directory's lock when it will write. */
    public static Journal open(Path workDir) throws IOException {
        return open(workDir, "journal.json");
    }

    /** Reads another record of the work directory ({@code cutover.json}), kept the same way. */
    public static Journal open(Path workDir, String fileName) throws IOException {
        Path file = WorkDirectory.createPrivateDirectory(workDir).resolve(fileName);
        ObjectNode root = Files.exists(file) ? (ObjectNode) JSON.readTree(file.toFile()) : JSON.createObjectNode();
        if (!root.has("steps")) {
            root.putObject("steps");
        }
        return new Journal(file, root);
    }

    public boolean isNew() {
        return root.path("steps").isEmpty() && !root.has("facts");
    }

    public synchronized boolean done(String step) {
        return root.path("steps").has(step);
    }

    public synchronized JsonNode outputs(String step) {
        return root.path("steps").path(step).path("outputs");
    }

    public synchronized double seconds(String step) {
        return root.path("steps").path(step).path("seconds").asDouble();
    }

    public synchronized void finish(String step, Object outputs, double seconds) throws IOException {
        ObjectNode node = ((ObjectNode) root.get("steps")).putObject(step);
        node.put("seconds", seconds);
        node.set("outputs", JSON.valueToTree(outputs));
        save();
    }

    /** Forgets that the steps ran, so that a rerun runs them again. */
    public synchronized void forgetSteps(List<String> steps) throws IOException {
        steps.forEach(((ObjectNode) root.get("steps"))::remove);
        save();
    }

    /** A fact recorded in the middle of a step. */
    public synchronized void note(String fact, Object value) throws IOException {
        ObjectNode facts = root.has("facts") ? (ObjectNode) root.get("facts") : root.putObject("facts");
        facts.set(fact, JSON.valueToTree(value));
        save();
    }

    public synchronized JsonNode fact(String fact) {
        return root.path("facts").path(fact);
    }

    public synchronized void forget(String fact) throws IOException {
        if (root.has("facts")) {
            ((ObjectNode) root.get("facts")).remove(fact);
            save();
        }
    }

    public static <T> T as(JsonNode node, Class<T> type) {
        return JSON.convertValue(node, type);
    }

    /** A value as the journal would record it. */
    public static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    private void save() throws IOException {
        WorkDirectory.writePrivate(file, JSON.writeValueAsBytes(root));
    }
}
