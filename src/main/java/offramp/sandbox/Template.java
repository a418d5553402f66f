package offramp.sandbox;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One freshly initialised data directory per server binary, made once and copied for every new server:
 * initialising takes seconds, copying a fraction of that.
 */
final class Template {

    private Template() {
    }

    static synchronized Path datadir(ServerBinaries binaries) {
        String key = Integer.toHexString((binaries.server().toString() + binaries.installDb()).hashCode());
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "offramp-template-" + System.getProperty("user.name") + "-" + key);
        Path ready = base.resolve("ready");
        Path datadir = base.resolve("datadir");
        try {
            Files.createDirectories(base);
            try (FileChannel lockFile = FileChannel.open(base.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                if (Files.exists(ready)) {
                    return datadir;
                }
                Sandbox.deleteTree(datadir);
                Files.createDirectories(datadir);
                Path log = base.resolve("initialize.log");
                Process p = new ProcessBuilder(binaries.initializeCommand(datadir)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
                if (p.waitFor() != 0) {
                    throw new SandboxException("initialising a data directory failed (" + String.join(" ",
                        binaries.initializeCommand(datadir)) + "):\n" + Files.readString(log, StandardCharsets.UTF_8));
                }
                Files.writeString(ready, "ok");
                return datadir;
            }
        } catch (IOException e) {
            throw new SandboxException("cannot initialise a data directory in " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while initialising a data directory", e);
        }
    }
}
