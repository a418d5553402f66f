package offramp.pipeline;

/** The target's data differs from the clone's after the copy (exit code 4). */
public class DataDiffers extends Exception {
    public DataDiffers(String message) {
        super(message);
    }
}
