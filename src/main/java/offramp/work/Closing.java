package offramp.work;

/** Closing what a failed step had opened, without losing the failure that matters. */
public final class Closing {

    private Closing() {
    }

    /**
     * Closes each resource, even when one fails to close, and attaches their close failures to {@code failure} as
     * suppressed exceptions: for the {@code catch} of a step that opened them and then failed, before it rethrows.
     */
    public static void after(Throwable failure, AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }
}
