package offramp.server;

/** A password. Its {@link #toString()} never shows it, so it cannot leak into logs or messages by accident. */
public final class Secret {
    public static final Secret EMPTY = new Secret("", "none (empty password)");

    private final String value;
    private final String origin;

    public Secret(String value) {
        this(value, "given");
    }

    /** A password and where it came from (a variable's name, a file's path, the prompt), for messages. */
    public Secret(String value, String origin) {
        this.value = value == null ? "" : value;
        this.origin = origin;
    }

    /** Where the password came from, never the password: safe to print. */
    public String origin() {
        return origin;
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
