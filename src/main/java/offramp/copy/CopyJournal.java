package offramp.copy;

import offramp.catalog.Chunk;
import offramp.catalog.KeyRange;
import offramp.server.ServerIdentity;
import offramp.usage.BadUsage;
import offramp.workdir.FactLines;
import offramp.workdir.WorkDirectory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a copy has done, one JSON line per fact, forced to disk before the next step: the tables it is creating
 * and created, the chunks planned and the chunks loaded, indexes, foreign keys and schema objects. A rerun with
 * the same work directory reads it back and continues; a last line torn by a kill is dropped, any other bad line
 * refused. The journal holds its work directory's lock while open: one process per work directory. Its chunk
 * workers and index builds use it at once: every read and write of its state holds the journal's monitor.
 */
public final class CopyJournal implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The journal's file in its work directory. */
    public static final String FILE = "copy-journal.jsonl";

    private final WorkDirectory directory;
    private final Path path;
    private final FileChannel out;
    private final JsonNode start;
    private final Set<String> creating = new HashSet<>();
    private final Set<String> created = new HashSet<>();
    private final Map<String, List<KeyRange>> plans = new HashMap<>();
    /** Per table, the chunks loaded and the rows each took. */
    private final Map<String, Map<Integer, Long>> doneChunks = new HashMap<>();
    private final Map<String, Long> rows = new HashMap<>();
    private final Set<String> indexed = new HashSet<>();
    private final Set<String> steps = new HashSet<>();
    /** The target's settings before a fast load relaxed them; null when nothing is relaxed. */
    private FastLoad.Saved relaxed;

    private CopyJournal(WorkDirectory directory, Path path, JsonNode start) throws IOException {
        this.directory = directory;
        this.path = path;
        this.start = start;
        this.out = WorkDirectory.openPrivate(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /**
     * Locks the work directory and opens its journal, reading back what an earlier run recorded.
     *
     * @throws offramp.workdir.WorkDirectoryInUse when another process holds the work directory
     */
    public static CopyJournal open(Path workDir) throws IOException {
        WorkDirectory directory = WorkDirectory.lock(workDir);
        try {
            return open(directory);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    private static CopyJournal open(WorkDirectory directory) throws IOException {
        Path path = directory.path().resolve(FILE);
        FactLines read = Files.exists(path) ? read(Files.readAllBytes(path), path) : new FactLines(List.of(), 0);
        CopyJournal journal = new CopyJournal(directory, path, read.facts().isEmpty() ? null : read.facts().get(0));
        try {
            if (journal.out.size() > read.intactBytes()) {
                journal.out.truncate(read.intactBytes()); // the torn line goes: the next fact starts a line of its own
            }
        } catch (IOException e) {
            journal.out.close();
            throw e;
        }
        read.facts().forEach(journal::replay);
        return journal;
    }

    /** The copy journal's lines read back; see {@link FactLines}. */
    static FactLines read(byte[] content, Path file) throws IOException {
        return FactLines.read(content, file, "use a new --work-dir and copy to an empty target");
    }

    private void replay(JsonNode fact) {
        String table = fact.path("table").asText(null);
        switch (fact.path("fact").asText()) {
            case "creating" -> creating.add(table);
            case "created" -> created.add(table);
            case "planned" -> {
                List<KeyRange> ranges = new ArrayList<>();
                for (JsonNode r : fact.get("ranges")) {
                    ranges.add(new KeyRange(strings(r.get("lower")), strings(r.get("upper"))));
                }
                plans.put(table, ranges);
            }
            case "chunk" -> {
                long loaded = fact.path("rows").asLong();
                if (doneChunks.computeIfAbsent(table, t -> new HashMap<>()).putIfAbsent(fact.get("number").asInt(), loaded) == null) {
                    rows.merge(table, loaded, Long::sum);
                }
            }
            case "indexed" -> indexed.add(table);
            case "reloading" -> forgetChunks(table);
            case "step" -> steps.add(fact.get("step").asText());
            case "relaxed" -> relaxed = JSON.convertValue(fact.get("before"), FastLoad.Saved.class);
            case "restored" -> relaxed = null;
            default -> { }
        }
    }

    private static List<String> strings(JsonNode array) {
        if (array == null || array.isNull()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /** True when an earlier run started in this work directory. */
    public boolean resuming() {
        return start != null;
    }

    /**
     * The run's identity (from, to, schemas) and the servers it runs against; a rerun must match the identity, and
     * {@link #recordedServer} gives the servers back for {@link JournalTrust}.
     */
    public synchronized void begin(String identity, ServerIdentity from, ServerIdentity to) throws IOException {
        if (start == null) {
            ObjectNode node = JSON.createObjectNode().put("fact", "start").put("identity", identity);
            node.set("from", JSON.valueToTree(from));
            node.set("to", JSON.valueToTree(to));
            write(node);
        } else if (!identity.equals(start.path("identity").asText())) {
            throw new BadUsage("the work directory " + path.getParent() + " belongs to another copy ("
                + start.path("identity").asText() + "); use a new --work-dir for " + identity);
        }
    }

    /** The server a side ("from" or "to") was when the journal began; null in journals of older versions. */
    public ServerIdentity recordedServer(String side) {
        JsonNode node = start == null ? null : start.get(side);
        return node == null || node.isNull() ? null : JSON.convertValue(node, ServerIdentity.class);
    }

    /** Every table this copy created on the target, with the rows it loaded into it. */
    public synchronized Map<String, Long> createdTables() {
        Map<String, Long> tables = new LinkedHashMap<>();
        created.stream().sorted().forEach(t -> tables.put(t, rows.getOrDefault(t, 0L)));
        return tables;
    }

    public Path workDir() {
        return directory.path();
    }

    public synchronized boolean createdByUs(String table) {
        return created.contains(table) || creating.contains(table);
    }

    public synchronized boolean created(String table) {
        return created.contains(table);
    }

    public synchronized void markCreating(String table) throws IOException {
        write(fact("creating", table));
        creating.add(table);
    }

    public synchronized void markCreated(String table) throws IOException {
        write(fact("created", table));
        created.add(table);
    }

    public synchronized List<KeyRange> plan(String table) {
        return plans.get(table);
    }

    public synchronized void markPlanned(String table, List<Chunk> chunks) throws IOException {
        ObjectNode node = fact("planned", table);
        var ranges = node.putArray("ranges");
        for (Chunk c : chunks) {
            ObjectNode r = ranges.addObject();
            putStrings(r, "lower", c.range().lower());
            putStrings(r, "upper", c.range().upper());
        }
        write(node);
        plans.put(table, chunks.stream().map(Chunk::range).toList());
    }

    private static void putStrings(ObjectNode node, String field, List<String> values) {
        if (values == null) {
            node.putNull(field);
        } else {
            var array = node.putArray(field);
            values.forEach(array::add);
        }
    }

    public synchronized boolean chunkDone(String table, int number) {
        return doneChunks.getOrDefault(table, Map.of()).containsKey(number);
    }

    public synchronized void markChunkDone(Chunk chunk, long rows) throws IOException {
        write(fact("chunk", chunk.table()).put("number", chunk.number()).put("rows", rows));
        if (doneChunks.computeIfAbsent(chunk.table(), t -> new HashMap<>()).putIfAbsent(chunk.number(), rows) == null) {
            this.rows.merge(chunk.table(), rows, Long::sum);
        }
    }

    /** The chunks of a table loaded so far, by number, with the rows each took. */
    public synchronized Map<Integer, Long> doneChunks(String table) {
        return new TreeMap<>(doneChunks.getOrDefault(table, Map.of()));
    }

    /** Records that a table is emptied to be loaded again whole: the chunks loaded into it so far count no more. */
    public synchronized void markReloading(String table) throws IOException {
        write(fact("reloading", table));
        forgetChunks(table);
    }

    private void forgetChunks(String table) {
        doneChunks.remove(table);
        rows.remove(table);
    }

    /** Rows loaded into a table, by this run and the runs before it. */
    public synchronized long rows(String table) {
        return rows.getOrDefault(table, 0L);
    }

    public synchronized boolean indexed(String table) {
        return indexed.contains(table);
    }

    public synchronized void markIndexed(String table) throws IOException {
        write(fact("indexed", table));
        indexed.add(table);
    }

    public synchronized boolean stepDone(String step) {
        return steps.contains(step);
    }

    public synchronized void markStep(String step) throws IOException {
        write(JSON.createObjectNode().put("fact", "step").put("step", step));
        steps.add(step);
    }

    /** The target's settings from before a fast load relaxed them, when they have not been restored since. */
    public synchronized FastLoad.Saved relaxed() {
        return relaxed;
    }

    /** Records the target's settings before a fast load changes them: written before anything is changed. */
    public synchronized void markRelaxed(FastLoad.Saved before) throws IOException {
        ObjectNode node = JSON.createObjectNode().put("fact", "relaxed");
        node.set("before", JSON.valueToTree(before));
        write(node);
        relaxed = before;
    }

    /** Records that the target's settings are back to what {@link #markRelaxed} recorded. */
    public synchronized void markRestored() throws IOException {
        write(JSON.createObjectNode().put("fact", "restored"));
        relaxed = null;
    }

    private static ObjectNode fact(String fact, String table) {
        return JSON.createObjectNode().put("fact", fact).put("table", table);
    }

    private synchronized void write(JsonNode fact) throws IOException {
        byte[] line = (JSON.writeValueAsString(fact) + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(ByteBuffer.wrap(line));
        out.force(false);
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            directory.close();
        }
    }
}
