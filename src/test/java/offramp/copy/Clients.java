package offramp.copy;

import offramp.sandbox.LocalServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The MariaDB command-line clients, as independent witnesses in tests. */
public final class Clients {

    private Clients() {
    }

    /** Runs a SQL script with the mysql client (which understands DELIMITER). */
    public static void runSql(LocalServer server, Path script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mysql", "--no-defaults", "-h127.0.0.1", "-P" + server.port(), "-uroot",
            "--default-character-set=utf8mb4").redirectInput(script.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("mysql < " + script + " failed: " + out);
        }
    }

    /** mysqldump of the schemas, without anything that legitimately differs between two servers. */
    public static String dump(LocalServer server, List<String> schemas) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mysqldump", "--no-defaults", "-h127.0.0.1", "-P" + server.port(),
            "-uroot", "--skip-comments", "--skip-dump-date", "--routines", "--triggers", "--events", "--hex-blob",
            "--order-by-primary", "--default-character-set=utf8mb4", "--tz-utc", "--databases"));
        command.addAll(schemas);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("mysqldump failed");
        }
        return out;
    }
}
