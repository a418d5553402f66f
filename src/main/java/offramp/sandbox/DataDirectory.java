package offramp.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Copies and removes data directories, and makes a copy's binlog index name its own files. */
public final class DataDirectory {

    /** A running server's own files: a copy must not carry them. */
    private static final Set<String> PROCESS_FILES = Set.of("server.sock", "server.pid", "server.sock.lock", "mysql.sock");

    private DataDirectory() {
    }

    public static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = file.getFileName().toString();
                if (attrs.isRegularFile() && !PROCESS_FILES.contains(name) && !name.endsWith(".pid")) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Binlog files kept outside the data directory go into the copy beside its data. */
    public static void copyBinlogs(Path binlogDir, String baseName, Path to) throws IOException {
        try (Stream<Path> files = Files.list(binlogDir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(baseName + ".")).toList()) {
                Files.copy(f, to.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * A binlog index lists files as the server was told to name them, often by absolute path: in a copy they
     * would point back at the source's files, and the clone would write into them. Keep only the file names.
     */
    public static void makeIndexesRelative(Path copy) throws IOException {
        try (Stream<Path> files = Files.list(copy)) {
            for (Path index : files.filter(f -> f.getFileName().toString().endsWith(".index")).toList()) {
                List<String> lines = Files.readAllLines(index, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).map(l -> "./" + Path.of(l.strip()).getFileName()).toList();
                Files.write(index, lines, StandardCharsets.UTF_8);
            }
        }
    }

    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
