package offramp.usage;

import java.util.function.Supplier;

/**
 * A command line or configuration offramp cannot act on: a missing or conflicting option, a value out of range, a
 * configuration key it does not know. The command exits 2 ("bad usage") with the message, which names the option or
 * key and what it accepts. Anything else that goes wrong, whatever its type, is a failure (exit 1).
 */
public class BadUsage extends IllegalArgumentException {

    public BadUsage(String message) {
        super(message);
    }

    public BadUsage(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Reads what the user gave (an address, a password file, a TLS mode): an {@link IllegalArgumentException} the
     * reading throws is bad usage, with its message.
     */
    public static <T> T parsing(Supplier<T> reading) {
        try {
            return reading.get();
        } catch (BadUsage e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new BadUsage(e.getMessage(), e);
        }
    }
}
