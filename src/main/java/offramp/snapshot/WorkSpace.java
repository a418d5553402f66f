package offramp.snapshot;

import offramp.text.Units;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Whether the work directory can take what a provider copies into it: writable, and with the free space the copy
 * needs, known before the source is frozen or a backup starts.
 */
public final class WorkSpace {

    /** Room kept beyond the copy's own size: the clone server's logs, its new binlog, the copy's growth. */
    static final long MARGIN_BYTES = 64L << 20;

    private WorkSpace() {
    }

    /**
     * The decision: passes when the directory is writable and its file system has the copy's size and a tenth more
     * (at least {@link #MARGIN_BYTES}) free.
     *
     * @param what     what is copied there, as the DBA knows it ("the copy of /var/lib/mysql")
     * @param needed   bytes the copy takes; -1 when only writability matters
     * @param usable   bytes free to this user on the directory's file system
     */
    static ProviderCheck decide(Path dir, boolean writable, long usable, long needed, String what) {
        if (!writable) {
            return new ProviderCheck("work directory", false, dir + " is not writable by offramp",
                "give the user running offramp write access to " + dir + ", or set work-dir to a directory it may write");
        }
        if (needed < 0) {
            return new ProviderCheck("work directory", true, dir + " is writable", "");
        }
        long wanted = needed + Math.max(MARGIN_BYTES, needed / 10);
        boolean room = usable >= wanted;
        return new ProviderCheck("work directory space", room, dir + " has " + Units.bytes(usable) + " free for "
            + what + " of " + Units.bytes(needed) + (room ? "" : " (needs about " + Units.bytes(wanted) + ")"),
            "free space there, or set work-dir to a file system with at least " + Units.bytes(wanted) + " free");
    }

    /** Checks {@code dir} (or, while it does not exist yet, the nearest directory above it that does). */
    public static ProviderCheck check(Path dir, long needed, String what) throws IOException {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            return new ProviderCheck("work directory", false, dir + " cannot be created: " + existing + " is not a directory",
                "set work-dir to a directory");
        }
        FileStore store = Files.getFileStore(existing);
        return decide(dir, Files.isWritable(existing), store.getUsableSpace(), needed, what);
    }

    /** The bytes the files under {@code dir} take (what a copy of it needs); -1 when it cannot be read. */
    public static long sizeOf(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // a file the server removed while we walked
                }
            }).sum();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
