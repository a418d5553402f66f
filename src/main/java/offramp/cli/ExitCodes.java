package offramp.cli;

/** The exit codes of every offramp command. */
public final class ExitCodes {
    public static final int DONE = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int NOT_PROVEN = 3;
    public static final int DATA_DIFFERS = 4;

    private ExitCodes() {
    }
}
