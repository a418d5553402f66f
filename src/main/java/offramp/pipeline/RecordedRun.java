package offramp.pipeline;

import java.util.List;

/**
 * The run a work directory's journal records, as {@code plan} reads it before it checks anything: a finished run
 * (the replica stands: preflight's "target empty" and "not a replica" would call it a fault and advise resetting
 * it), an interrupted one that {@code provision} resumes, or one that cannot be resumed.
 *
 * @param done      the steps the journal records as done, in pipeline order
 * @param abandoned why the run cannot be resumed; null when it can
 */
record RecordedRun(List<String> done, String abandoned) {

    /** What plan makes of it. */
    enum Standing {
        /** Nothing on the target yet (at most preflight and snapshot done): plan checks and plans as for a new run. */
        NEW,
        /** Replication is configured and caught up: the target is a provisioned replica. */
        PROVISIONED,
        /** Interrupted once the copy could begin: provision resumes it at {@link #resumesAt()}. */
        RESUMABLE,
        /** Interrupted in a way that cannot be resumed. */
        ABANDONED
    }

    static RecordedRun of(Journal journal) {
        List<String> done = Provision.STEPS.stream().filter(journal::done).toList();
        var abandoned = journal.fact("abandoned");
        return new RecordedRun(done, abandoned.isMissingNode() ? null : abandoned.asText());
    }

    Standing standing() {
        if (abandoned != null) {
            return Standing.ABANDONED;
        }
        if (done.contains("replicate")) {
            return Standing.PROVISIONED;
        }
        // Until the coordinates are found nothing is on the target, and the checks of a new run still hold.
        return done.contains("coordinates") ? Standing.RESUMABLE : Standing.NEW;
    }

    /** The first step not done; null when all are. */
    String resumesAt() {
        return Provision.STEPS.stream().filter(s -> !done.contains(s)).findFirst().orElse(null);
    }
}
