package offramp.workdir;

import java.nio.file.Path;

/** Another offramp process holds the work directory's lock: two runs on one journal would corrupt it. */
public final class WorkDirectoryInUse extends IllegalStateException {

    private final Path directory;
    private final String pid;

    /**
     * @param pid the holder's process id as its lock file records it; null when it has not written it yet
     */
    public WorkDirectoryInUse(Path directory, String pid) {
        super("the work directory " + directory + " is in use by " + (pid == null ? "another offramp process"
            : "offramp process " + pid) + " (it holds " + directory.resolve(WorkDirectory.LOCK_FILE) + "); wait for it "
            + "to finish or stop it, or give this run another work directory");
        this.directory = directory;
        this.pid = pid;
    }

    public Path directory() {
        return directory;
    }

    /** The holder's process id; null when unknown. */
    public String pid() {
        return pid;
    }
}
