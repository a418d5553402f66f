package offramp.system;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finding a program as a shell would: the first of its names found in a directory on PATH, then in given directories. */
public final class Executables {

    private Executables() {
    }

    /**
     * The first of {@code names} (in order: a preferred name before its older ones) executable in a directory of
     * PATH or, after those, of {@code moreDirectories} (sbin directories that a user's PATH may lack).
     */
    public static Optional<Path> find(List<String> names, String... moreDirectories) {
        return find(System.getenv().getOrDefault("PATH", ""), names, moreDirectories);
    }

    static Optional<Path> find(String path, List<String> names, String... moreDirectories) {
        List<String> directories = new ArrayList<>(List.of(path.split(File.pathSeparator)));
        directories.addAll(List.of(moreDirectories));
        for (String name : names) {
            for (String dir : directories) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
