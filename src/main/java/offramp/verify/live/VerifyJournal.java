package offramp.verify.live;

import offramp.catalog.KeyRange;
import offramp.workdir.FactLines;
import offramp.workdir.WorkDirectory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a live verification has found, one JSON line per fact, forced to disk as it goes: what it compares (the
 * scope), each table's chunks as planned, and each chunk's verdict with the source binlog position it was compared
 * at. A rerun of an unfinished verification with the same scope reads it back and compares only the chunks without
 * a verdict; a finished one is kept as {@value #PREVIOUS} when the next run starts, so that the positions at which
 * each chunk was last found identical stay on record. Holds the work directory's lock while open.
 */
final class VerifyJournal implements AutoCloseable {

    static final String FILE = "verify-journal.jsonl";
    static final String PREVIOUS = "verify-journal.previous.jsonl";
    /** Reads back what it wrote: a record's derived properties (a difference's summary) are not fields. */
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What a verification compares: a rerun resumes only a verification of the same. */
    record Scope(String source, String replica, List<String> schemas, List<String> excludeTables, long chunkRows) {
    }

    private final WorkDirectory directory;
    private final FileChannel out;
    private final boolean resumed;
    private final Map<String, List<KeyRange>> plans = new LinkedHashMap<>();
    private final Map<String, ChunkVerdict> verdicts = new LinkedHashMap<>();
    private String replicaBinlog;

    private VerifyJournal(WorkDirectory directory, FileChannel out, boolean resumed) {
        this.directory = directory;
        this.out = out;
        this.resumed = resumed;
    }

    /**
     * Locks the work directory and opens its journal: the unfinished verification of the same scope to resume, or a
     * new one (after a finished one, one of another scope, or with {@code restart}).
     */
    static VerifyJournal open(Path workDir, Scope scope, boolean restart, PrintStream out) throws IOException {
        WorkDirectory directory = WorkDirectory.lock(workDir);
        try {
            Path path = directory.path().resolve(FILE);
            FactLines read = Files.exists(path)
                ? FactLines.read(Files.readAllBytes(path), path, "remove it, or run with --restart")
                : new FactLines(List.of(), 0);
            boolean resume = !restart && !read.facts().isEmpty() && unfinishedOf(read.facts(), scope);
            if (!read.facts().isEmpty() && !resume) {
                boolean finished = read.facts().stream().anyMatch(f -> f.path("fact").asText().equals("finished"));
                if (!finished) {
                    out.println("  an unfinished verification " + (restart ? "is discarded (--restart)" : "of another scope is discarded"));
                }
                Files.move(path, directory.path().resolve(PREVIOUS), StandardCopyOption.REPLACE_EXISTING);
            }
            FileChannel channel = WorkDirectory.openPrivate(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
            VerifyJournal journal = new VerifyJournal(directory, channel, resume);
            if (resume) {
                if (channel.size() > read.intactBytes()) {
                    channel.truncate(read.intactBytes());
                }
                read.facts().forEach(journal::replay);
            } else {
                ObjectNode start = JSON.valueToTree(scope);
                start.put("fact", "scope");
                journal.write(start);
            }
            return journal;
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    /**
     * Locks the work directory and opens its finished journal to append to: verdicts of chunks compared again are
     * added after the others (a later verdict of a chunk replaces an earlier one when read back), then a new end.
     */
    static VerifyJournal reopen(Path workDir) throws IOException {
        WorkDirectory directory = WorkDirectory.lock(workDir);
        try {
            Path path = directory.path().resolve(FILE);
            FactLines read = FactLines.read(Files.readAllBytes(path), path, "run offramp verify with --restart");
            FileChannel channel = WorkDirectory.openPrivate(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            if (channel.size() > read.intactBytes()) {
                channel.truncate(read.intactBytes());
            }
            VerifyJournal journal = new VerifyJournal(directory, channel, true);
            read.facts().forEach(journal::replay);
            return journal;
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    private static boolean unfinishedOf(List<JsonNode> facts, Scope scope) {
        JsonNode first = facts.get(0);
        boolean finished = facts.stream().anyMatch(f -> f.path("fact").asText().equals("finished"));
        if (finished || !first.path("fact").asText().equals("scope")) {
            return false;
        }
        ObjectNode recorded = first.deepCopy();
        recorded.remove("fact");
        return scope.equals(JSON.convertValue(recorded, Scope.class));
    }

    private void replay(JsonNode fact) {
        switch (fact.path("fact").asText()) {
            case "planned" -> {
                List<KeyRange> ranges = new ArrayList<>();
                for (JsonNode r : fact.get("ranges")) {
                    ranges.add(JSON.convertValue(r, KeyRange.class));
                }
                plans.put(fact.get("table").asText(), ranges);
            }
            case "chunk" -> {
                ChunkVerdict v = JSON.convertValue(fact.get("verdict"), ChunkVerdict.class);
                verdicts.put(v.key(), v);
            }
            case "replica-binlog" -> replicaBinlog = fact.path("at").asText(null);
            default -> {
                // scope: checked when opened; finished: read by lastFinished
            }
        }
    }

    /** Whether this journal continues an unfinished verification. */
    boolean resumed() {
        return resumed;
    }

    /** Each table's chunks as planned, in plan order; empty for a new verification. */
    Map<String, List<KeyRange>> plans() {
        return plans;
    }

    /** The verdicts recorded so far, by {@link ChunkVerdict#key()}. */
    Map<String, ChunkVerdict> verdicts() {
        return verdicts;
    }

    synchronized void planned(String table, List<KeyRange> ranges) throws IOException {
        plans.put(table, ranges);
        ObjectNode fact = JSON.createObjectNode();
        fact.put("fact", "planned");
        fact.put("table", table);
        fact.set("ranges", JSON.valueToTree(ranges));
        write(fact);
    }

    synchronized void verdict(ChunkVerdict verdict) throws IOException {
        verdicts.put(verdict.key(), verdict);
        ObjectNode fact = JSON.createObjectNode();
        fact.put("fact", "chunk");
        fact.set("verdict", JSON.valueToTree(verdict));
        write(fact);
    }

    /** Where the replica's own binlog stood when the verification began: its own writes since are read from there. */
    synchronized void replicaBinlog(String at) throws IOException {
        replicaBinlog = at;
        ObjectNode fact = JSON.createObjectNode();
        fact.put("fact", "replica-binlog");
        fact.put("at", at);
        write(fact);
    }

    String replicaBinlog() {
        return replicaBinlog;
    }

    /**
     * The last finished verification in a work directory, read without its lock; null when none finished there
     * (none ran, or the last one is unfinished).
     */
    static Verified lastFinished(Path workDir) throws IOException {
        Path path = workDir.resolve(FILE);
        if (!Files.exists(path)) {
            return null;
        }
        List<JsonNode> facts = FactLines.read(Files.readAllBytes(path), path, "run offramp verify with --restart").facts();
        JsonNode last = facts.isEmpty() ? null : facts.get(facts.size() - 1);
        if (last == null || !last.path("fact").asText().equals("finished")) {
            return null;
        }
        VerifyJournal reader = new VerifyJournal(null, null, true);
        facts.forEach(reader::replay);
        return new Verified(reader.plans, reader.verdicts, reader.replicaBinlog, last.path("verdict").asText().equals("identical"));
    }

    synchronized void finished(String verdict) throws IOException {
        ObjectNode fact = JSON.createObjectNode();
        fact.put("fact", "finished");
        fact.put("verdict", verdict);
        write(fact);
    }

    private void write(JsonNode fact) throws IOException {
        byte[] line = (JSON.writeValueAsString(fact) + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(ByteBuffer.wrap(line));
        out.force(false);
    }

    Path directory() {
        return directory.path();
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
