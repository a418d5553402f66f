package offramp.server;

/** A password. Its {@link #toString()} never shows it, so it cannot leak into logs or messages by accident. */
public final class Secret {
    public static final Secret EMPTY = new Secret("");

    private final String value;

    public Secret(String value) {
        this.value = value == null ? "" : value;
    }

    /** The password itself, for handing to a driver; never print it. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return "****";
    }
}
