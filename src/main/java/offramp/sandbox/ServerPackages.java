package offramp.sandbox;

import offramp.system.Executables;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Makes sure the MariaDB server and client programs are installed: on a Debian or Ubuntu machine, as root,
 * through apt-get; otherwise it says exactly what to install.
 */
public final class ServerPackages {

    private static final List<String> PACKAGES = List.of("mariadb-server", "mariadb-client");

    private ServerPackages() {
    }

    public static void ensureInstalled(PrintStream log) {
        if (ServerBinaries.available() && clientsPresent()) {
            return;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            throw new SandboxException("the MariaDB server and client programs are missing: "
                + ServerBinaries.INSTALL_HINT + (root ? "" : " (as root, offramp demo installs them itself)"));
        }
        log.println("installing " + String.join(" ", PACKAGES) + " with apt-get ...");
        Path policy = Path.of("/usr/sbin/policy-rc.d");
        boolean ownPolicy = !Files.exists(policy);
        try {
            if (ownPolicy) {
                // Keeps the package's own service from starting: offramp starts its servers itself.
                Files.writeString(policy, "#!/bin/sh\nexit 101\n");
                policy.toFile().setExecutable(true);
            }
            run(List.of("apt-get", "update", "-qq"));
            run(concat(List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends"), PACKAGES));
        } catch (IOException e) {
            throw new SandboxException("installing the MariaDB packages failed: " + e.getMessage(), e);
        } finally {
            if (ownPolicy) {
                try {
                    Files.deleteIfExists(policy);
                } catch (IOException ignored) {
                    // a leftover policy only keeps services from starting at package installs
                }
            }
        }
    }

    private static boolean clientsPresent() {
        return Executables.find(List.of("mysqldump"), "/usr/bin").isPresent();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    private static void run(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        try {
            int code = builder.start().waitFor();
            if (code != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + code);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
