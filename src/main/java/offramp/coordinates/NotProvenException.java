package offramp.coordinates;

/** The coordinates could not be found or proven; the message says why and what the DBA can do (exit code 3). */
public class NotProvenException extends Exception {
    public NotProvenException(String message) {
        super(message);
    }

    public NotProvenException(String message, Throwable cause) {
        super(message, cause);
    }
}
