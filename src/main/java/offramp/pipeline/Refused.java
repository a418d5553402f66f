package offramp.pipeline;

/** Preflight found what must be fixed before anything is created or changed (exit code 2). */
public class Refused extends IllegalArgumentException {
    public Refused(String message) {
        super(message);
    }
}
