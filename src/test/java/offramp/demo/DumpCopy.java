package offramp.demo;

import offramp.sandbox.LocalServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A logical copy of schemas from one local server to another with mysqldump and the mysql client: an
 * independent way to load a replica, so that tests of the coordinates do not rest on offramp's own copy.
 */
public final class DumpCopy {

    private DumpCopy() {
    }

    public static void copy(LocalServer from, LocalServer to, List<String> schemas, Path workDir) throws IOException {
        Path dump = Files.createTempFile(workDir, "dump-", ".sql");
        try {
            List<String> dumpCommand = new ArrayList<>(List.of(client("mysqldump", "mariadb-dump"), "--no-defaults",
                "-h127.0.0.1", "-P" + from.port(), "-uroot", "--single-transaction", "--routines", "--triggers",
                "--events", "--hex-blob", "--max-allowed-packet=256M", "--databases"));
            dumpCommand.addAll(schemas);
            run(new ProcessBuilder(dumpCommand).redirectOutput(dump.toFile()), "mysqldump");
            run(new ProcessBuilder(client("mysql", "mariadb"), "--no-defaults", "-h127.0.0.1", "-P" + to.port(),
                "-uroot", "--max-allowed-packet=256M").redirectInput(dump.toFile()), "mysql");
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    private static String client(String... names) {
        for (String name : names) {
            for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin").split(":")) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        throw new IllegalStateException(names[0] + " not found: install the MariaDB client package (mariadb-client)");
    }

    private static void run(ProcessBuilder builder, String what) throws IOException {
        Path errors = Files.createTempFile("offramp-" + what, ".err");
        try {
            Process p = builder.redirectError(errors.toFile()).start();
            int code = p.waitFor();
            if (code != 0) {
                throw new IOException(what + " exited with " + code + ": " + Files.readString(errors, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + " interrupted", e);
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
