package offramp.pipeline;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs the pipeline's steps over its journal: a step the journal records as done is not run again, its outputs are
 * read back; a step that runs has its outputs and time recorded when it finishes. Either way the caller gets the
 * outputs as the journal holds them, so a resumed run sees exactly what a run straight through sees.
 */
final class Steps {

    /** A step's work; returns what the journal records as its outputs. */
    @FunctionalInterface
    interface Body<T> {
        T run() throws Exception;
    }

    private final Journal journal;
    private final PrintStream out;

    Steps(Journal journal, PrintStream out) {
        this.journal = journal;
        this.out = out;
    }

    /** Runs the step unless it is done, and returns its recorded outputs as {@code type}. */
    <T> T run(String name, Class<T> type, Body<?> body) throws Exception {
        if (!journal.done(name)) {
            timed(name, body, o -> o);
        }
        return Journal.as(journal.outputs(name), type);
    }

    /** Runs the step (whether or not it is done), records {@code outputs} of its result, and returns the result. */
    <T> T timed(String name, Body<T> body, Function<T, Object> outputs) throws Exception {
        out.println("== " + name);
        long start = System.nanoTime();
        T result = body.run();
        journal.finish(name, outputs.apply(result), (System.nanoTime() - start) / 1e9);
        return result;
    }

    /** Seconds per finished step, in the order of {@code steps}. */
    Map<String, Double> seconds(List<String> steps) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (String step : steps) {
            if (journal.done(step)) {
                seconds.put(step, journal.seconds(step));
            }
        }
        return seconds;
    }
}
