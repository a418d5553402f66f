package offramp.server;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;

/**
 * The truststore files Connector/J reads a CA from, written once per CA file and reused by every connection that
 * trusts it (a process polling a server connects thousands of times a day). A CA file that changes gets a new
 * store; the old one is deleted. The stores are deleted when the JVM exits.
 */
final class TrustStoreFiles {

    /** The truststore password; the store holds only public CA certificates. */
    static final String STORE_PASSWORD = "offramp-ca";

    static final TrustStoreFiles SHARED = new TrustStoreFiles();

    /** What a store was built from: the CA file and its modification time then. */
    private record Source(Path ca, FileTime modified) {
    }

    private final Map<Path, Source> built = new HashMap<>();
    private final Map<Source, Path> stores = new HashMap<>();

    /** The store for {@code ca} as the file is now: the one built before, unless the file changed since. */
    synchronized Path fileFor(Path ca) throws IOException, GeneralSecurityException {
        Path key = ca.toAbsolutePath().normalize();
        Source now = new Source(key, Files.getLastModifiedTime(key));
        Path store = stores.get(now);
        if (store != null && Files.exists(store)) {
            return store;
        }
        Source before = built.put(key, now);
        if (before != null) {
            Path old = stores.remove(before);
            if (old != null) {
                Files.deleteIfExists(old);
            }
        }
        store = write(key);
        stores.put(now, store);
        return store;
    }

    /** How many stores are kept now. */
    synchronized int size() {
        return stores.size();
    }

    private static Path write(Path ca) throws IOException, GeneralSecurityException {
        Path file = Files.createTempFile("offramp-ca-", ".p12");
        file.toFile().deleteOnExit();
        try (OutputStream out = Files.newOutputStream(file)) {
            Tls.trustStore(ca).store(out, STORE_PASSWORD.toCharArray());
        } catch (IOException | GeneralSecurityException | UncheckedIOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }
}
