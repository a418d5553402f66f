package offramp.snapshot;

import offramp.server.Endpoint;

import java.util.Map;

/** The {@code clone} provider: the DBA restored the clone by hand and gives its endpoint; offramp leaves it be. */
public final class GivenClone implements SnapshotProvider {

    private final Endpoint clone;

    public GivenClone(Endpoint clone) {
        this.clone = clone;
    }

    @Override
    public String name() {
        return "clone";
    }

    @Override
    public String describe() {
        return "use the clone at " + clone.uri() + " (restored by hand; offramp does not remove it)";
    }

    @Override
    public Clone create(StateLog log) {
        return new Clone(clone, Map.of());
    }

    @Override
    public Clone resume(Map<String, String> state) {
        return new Clone(clone, Map.of());
    }

    @Override
    public SourcePause sourcePause(Map<String, String> state) {
        return SourcePause.notStopped("not stopped by offramp: the clone was restored by hand");
    }

    @Override
    public Removal cleanup(Map<String, String> state) {
        return Removal.nothing("the clone at " + clone.uri() + " was restored by hand; offramp leaves it, remove it when done with it");
    }
}
