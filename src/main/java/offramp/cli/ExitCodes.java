package offramp.cli;

/** The exit codes of every offramp command. */
public final class ExitCodes {
    public static final int DONE = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int NOT_PROVEN = 3;
    public static final int DATA_DIFFERS = 4;
    /**
     * status: it could not check (no password, access denied, bad usage or configuration); status's others are the
     * monitoring plugins' 0 OK, 1 WARNING, 2 CRITICAL.
     */
    public static final int STATUS_UNKNOWN = 3;

    private ExitCodes() {
    }
}
