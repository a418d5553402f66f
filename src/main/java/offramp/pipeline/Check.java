package offramp.pipeline;

/**
 * One preflight check: what was checked, whether it passed, and the fix when it did not.
 *
 * @param name   what was checked
 * @param passed whether it passed
 * @param detail what was found
 * @param fix    what to do when it failed; null when it passed
 * @param fatal  whether a failure stops the run (a warning does not)
 */
public record Check(String name, boolean passed, String detail, String fix, boolean fatal) {

    public static Check pass(String name, String detail) {
        return new Check(name, true, detail, null, true);
    }

    public static Check fail(String name, String detail, String fix) {
        return new Check(name, false, detail, fix, true);
    }

    public static Check warn(String name, String detail, String fix) {
        return new Check(name, false, detail, fix, false);
    }

    public String line() {
        return (passed ? "PASS " : fatal ? "FAIL " : "WARN ") + name + ": " + detail + (fix == null ? "" : " -> " + fix);
    }
}
