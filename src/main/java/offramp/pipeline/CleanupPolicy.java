package offramp.pipeline;

/**
 * What a run does with what the snapshot step made. After success the clone goes, unless the configuration keeps it
 * (keep-clone). After a failure it goes when nothing needs it any more: before the copy started (a rerun then takes
 * a new snapshot) or once the data is verified. In between, a rerun resumes the copy from it, so it stays, unless the
 * provider cannot keep it still (a stopped replica must replicate again): then the run is done with it, and cannot
 * be resumed. keep-clone leaves the clone in place whenever the run is done with it, and changes nothing else.
 */
final class CleanupPolicy {

    /**
     * Where the failed run stands.
     *
     * @param created        the snapshot step recorded something it made
     * @param cleanedUp      the cleanup step already ran
     * @param copyStarted    the coordinates are recorded and the copy recorded its start: the target was touched
     * @param verified       the copy was verified against the clone
     * @param keepsForResume the provider's clone stays still while it is kept
     * @param keepClone      the configuration keeps the clone once the run is done with it
     */
    record Situation(boolean created, boolean cleanedUp, boolean copyStarted, boolean verified, boolean keepsForResume,
                     boolean keepClone) {
    }

    /** What the run does with the clone and its journal. */
    enum Outcome {
        /** Keep the clone: a rerun resumes the copy from it. */
        KEEP_FOR_RESUME(false, false, false),
        /** Nothing to do: nothing was made, or the cleanup step already ran. */
        NOTHING(false, false, false),
        /** Done with the clone, and the snapshot is forgotten: the target was not touched, a rerun takes a new one. */
        RETAKE(true, true, false),
        /** Done with the clone; the cleanup is recorded: the copy no longer needs it. */
        DONE(true, false, false),
        /** Done with the clone; the cleanup is recorded and the run cannot resume: the clone's data moves on. */
        ABANDON(true, false, true);

        /** The run is done with the clone (it is removed unless keep-clone), and records so. */
        final boolean releases;
        /** The journal forgets the snapshot and the coordinates. */
        final boolean retakes;
        /** The journal marks the run as one that cannot resume. */
        final boolean abandons;

        Outcome(boolean releases, boolean retakes, boolean abandons) {
            this.releases = releases;
            this.retakes = retakes;
            this.abandons = abandons;
        }
    }

    /**
     * The decision after a failure.
     *
     * @param outcome     what happens to the run's record
     * @param removeClone whether the provider removes what it made
     */
    record AfterFailure(Outcome outcome, boolean removeClone) {
    }

    private CleanupPolicy() {
    }

    static AfterFailure afterFailure(Situation s) {
        Outcome outcome = outcome(s);
        return new AfterFailure(outcome, outcome.releases && !s.keepClone());
    }

    /** Whether a run that succeeded removes what the snapshot step made. */
    static boolean removeAfterSuccess(boolean keepClone) {
        return !keepClone;
    }

    private static Outcome outcome(Situation s) {
        if (s.copyStarted() && !s.verified() && s.keepsForResume()) {
            return Outcome.KEEP_FOR_RESUME;
        }
        if (!s.created() || s.cleanedUp()) {
            return Outcome.NOTHING;
        }
        if (!s.copyStarted()) {
            return Outcome.RETAKE;
        }
        return s.verified() ? Outcome.DONE : Outcome.ABANDON;
    }
}
