package offramp.sandbox;

import java.nio.file.Path;

/** The head of an offramp.yaml that provisions from a sandbox source through the {@code local} provider. */
public final class LocalProvisionConfig {

    private LocalProvisionConfig() {
    }

    /**
     * The work directory, the source, the local snapshot of its data directory, and the target (its uri, then
     * {@code targetExtra}, e.g. {@code ", password-file: t.pw"}); the caller adds replication and copy lines.
     */
    public static String head(Path work, LocalServer source, LocalServer target, String targetExtra) {
        return String.join("\n",
            "work-dir: " + work,
            "source: { uri: " + source.uri("root") + " }",
            "snapshot:",
            "  provider: local",
            "  local: { datadir: " + source.datadir() + ", pid-file: " + source.datadir().resolve("server.pid") + " }",
            "target: { uri: " + target.uri("root") + targetExtra + " }");
    }
}
