package offramp.snapshot;

/** A provider's own preflight finding: passed, or failed with its fix. */
public record ProviderCheck(String name, boolean passed, String detail, String fix) {
}
