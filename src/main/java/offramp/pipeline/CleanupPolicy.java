package offramp.pipeline;

/**
 * What a failed run does with what the snapshot step made. The clone goes when nothing needs it any more: before
 * the copy started (a rerun then takes a new snapshot) or once the data is verified. In between, a rerun resumes
 * the copy from it, so it stays, unless the provider cannot keep it still (a stopped replica must replicate again):
 * then it goes, and the run cannot be resumed.
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
     */
    record Situation(boolean created, boolean cleanedUp, boolean copyStarted, boolean verified, boolean keepsForResume) {
    }

    enum AfterFailure {
        /** Keep the clone: a rerun resumes the copy from it. */
        KEEP_FOR_RESUME(false, false, false),
        /** Nothing to remove: nothing was made, or the cleanup step removed it. */
        NOTHING(false, false, false),
        /** Remove it and forget the snapshot: the target was not touched, a rerun takes a new snapshot. */
        REMOVE_AND_RETAKE(true, true, false),
        /** Remove it and record the cleanup: the copy no longer needs it. */
        REMOVE(true, false, false),
        /** Remove it, record the cleanup, and mark the run as one that cannot resume: the clone's data moves on. */
        REMOVE_AND_ABANDON(true, false, true);

        final boolean removes;
        final boolean retakes;
        final boolean abandons;

        AfterFailure(boolean removes, boolean retakes, boolean abandons) {
            this.removes = removes;
            this.retakes = retakes;
            this.abandons = abandons;
        }
    }

    private CleanupPolicy() {
    }

    static AfterFailure afterFailure(Situation s) {
        if (s.copyStarted() && !s.verified() && s.keepsForResume()) {
            return AfterFailure.KEEP_FOR_RESUME;
        }
        if (!s.created() || s.cleanedUp()) {
            return AfterFailure.NOTHING;
        }
        if (!s.copyStarted()) {
            return AfterFailure.REMOVE_AND_RETAKE;
        }
        return s.verified() ? AfterFailure.REMOVE : AfterFailure.REMOVE_AND_ABANDON;
    }
}
