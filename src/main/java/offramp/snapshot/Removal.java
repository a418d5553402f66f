package offramp.snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * What a provider's cleanup did, one line per thing, so that a message says removed only what was removed.
 *
 * @param done       each thing removed, deleted, stopped or started again, with its id, path or pid ("removed
 *                   /var/tmp/offramp/clone-data (1.2 GiB)"); or one line saying why there was nothing to do
 * @param leftBehind each thing that could not be removed, with why and how to remove it by hand
 */
public record Removal(List<String> done, List<String> leftBehind) {

    public Removal {
        done = List.copyOf(done);
        leftBehind = List.copyOf(leftBehind);
    }

    /** Nothing to remove, and why ("nothing: the clone was restored by hand"). */
    public static Removal nothing(String why) {
        return new Removal(List.of("nothing to remove: " + why), List.of());
    }

    /** Everything the cleanup meant to remove is gone. */
    public boolean complete() {
        return leftBehind.isEmpty();
    }

    /** Every line, the things done first; those left behind start with "could not". */
    public List<String> lines() {
        List<String> lines = new ArrayList<>(done);
        lines.addAll(leftBehind);
        return lines;
    }

    /** Collects the lines as a cleanup goes from one thing to the next. */
    static final class Tally {
        private final List<String> done = new ArrayList<>();
        private final List<String> left = new ArrayList<>();

        void done(String line) {
            done.add(line);
        }

        /** {@code what} could not be removed because of {@code why}; {@code command}: what removes it by hand. */
        void left(String what, Exception why, String command) {
            couldNot("remove " + what, why, "remove it by hand: " + command);
        }

        /** Something other than a removal ({@code action}) failed; {@code byHand}: how to do it by hand. */
        void couldNot(String action, Exception why, String byHand) {
            left.add("could not " + action + ": " + why.getMessage() + "; " + byHand);
        }

        Removal removal(String ifNothing) {
            return done.isEmpty() && left.isEmpty() ? nothing(ifNothing) : new Removal(done, left);
        }
    }
}
