package offramp.workdir;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * A work directory held by one offramp process: its journal, logs and report are private to the user who runs
 * offramp (the directory 0700, its files 0600: they name servers, users and the coordinates of production), and
 * an exclusive lock on {@code offramp.lock} keeps a second {@code copy} or {@code provision} from writing the same
 * journal and loading the same chunks twice. The lock is the operating system's (fcntl): it ends with the process
 * that holds it, kill -9 included, so a stale lock file never blocks a rerun.
 */
public final class WorkDirectory implements AutoCloseable {

    /** The file whose lock marks the directory as in use; it holds the holder's process id. */
    public static final String LOCK_FILE = "offramp.lock";

    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    /** Files offramp writes into a work directory; an existing directory that holds one of them is offramp's own. */
    private static final List<String> OURS = List.of(LOCK_FILE, "journal.json", "copy-journal.jsonl", "copy",
        "cutover.json", "cutover-report.json");

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private WorkDirectory(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the directory when missing (0700) and takes its lock.
     *
     * @throws WorkDirectoryInUse when another process (or another run in this one) holds it
     */
    public static WorkDirectory lock(Path dir) throws IOException {
        Path path = createPrivateDirectory(dir);
        FileChannel channel = openPrivate(path.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = holder(channel);
            channel.close();
            throw new WorkDirectoryInUse(path, holder);
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(false);
        return new WorkDirectory(path, channel, lock);
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
        return text.matches("\\d+") ? text : null;
    }

    public Path path() {
        return path;
    }

    /**
     * The directory, created 0700 when missing. An existing directory is tightened to 0700 only when it already
     * holds offramp's files: a DBA may point {@code --work-dir} at a directory of their own, whose mode is theirs.
     */
    public static Path createPrivateDirectory(Path dir) throws IOException {
        Path path = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(path)) {
            Files.createDirectories(path.getParent());
            try {
                Files.createDirectory(path, attribute(DIRECTORY));
            } catch (FileAlreadyExistsException raced) {
                // created by another process a moment ago: the lock decides between us
            }
        } else if (OURS.stream().anyMatch(f -> Files.exists(path.resolve(f)))) {
            restrict(path, DIRECTORY);
        }
        return path;
    }

    /** Opens a file of the work directory, created 0600 when missing (an existing one is tightened to 0600). */
    public static FileChannel openPrivate(Path file, OpenOption... options) throws IOException {
        FileChannel channel = FileChannel.open(file, Set.of(options), attribute(FILE));
        restrict(file, FILE);
        return channel;
    }

    /** A log file of the work directory that another process appends to: created 0600 (an existing one tightened). */
    public static File privateLog(Path file) throws IOException {
        openPrivate(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
        return file.toFile();
    }

    /**
     * Replaces a file of the work directory: written to a new 0600 file, forced to disk and renamed over the old
     * one, so a kill at any moment leaves either the old content or the new.
     */
    public static void writePrivate(Path file, byte[] content) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        try (FileChannel ch = openPrivate(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static FileAttribute<?>[] attribute(Set<PosixFilePermission> permissions) {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (posix() && !Files.getPosixFilePermissions(path).equals(permissions)) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** Releases the lock; the lock file stays (removing it would let a third process lock a different file). */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
