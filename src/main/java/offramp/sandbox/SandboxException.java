package offramp.sandbox;

/** A local server could not be created, started, stopped or copied; the message says what to do. */
public class SandboxException extends RuntimeException {
    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
