package offramp.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExecutablesTest {

    @Test
    void thePreferredNameWinsThenTheFirstDirectory(@TempDir Path root) throws IOException {
        Path a = Files.createDirectories(root.resolve("a"));
        Path b = Files.createDirectories(root.resolve("b"));
        Path sbin = Files.createDirectories(root.resolve("sbin"));
        executable(b.resolve("mariabackup"));
        executable(a.resolve("mariabackup"));
        executable(sbin.resolve("mariadb-backup"));
        Files.writeString(a.resolve("mariadb-backup"), "not executable");
        String path = a + ":" + b + "::";
        assertEquals(Optional.of(sbin.resolve("mariadb-backup")),
            Executables.find(path, List.of("mariadb-backup", "mariabackup"), sbin.toString()));
        assertEquals(Optional.of(a.resolve("mariabackup")), Executables.find(path, List.of("mariabackup")));
        assertEquals(Optional.empty(), Executables.find(path, List.of("mariadb-backup")));
    }

    @Test
    void aDirectoryIsNotAProgram(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("mysqld"));
        assertEquals(Optional.empty(), Executables.find(root.toString(), List.of("mysqld")));
    }

    private static void executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
