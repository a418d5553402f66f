package offramp.copy;

import offramp.catalog.Sql;
import offramp.usage.BadUsage;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to do with the DEFINER of views, routines, triggers and events: keep it, strip it (the loading user
 * becomes the definer), or replace it with another account. Aurora's objects often name {@code rdsadmin},
 * which does not exist elsewhere.
 */
public record DefinerPolicy(Mode mode, String replacement) {

    public enum Mode { KEEP, STRIP, REPLACE }

    public static final DefinerPolicy KEEP = new DefinerPolicy(Mode.KEEP, null);

    private static final Pattern DEFINER = Pattern.compile(
        "DEFINER\\s*=\\s*(`(?:[^`]|``)*`|'(?:[^']|'')*'|[^\\s@]+)@(`(?:[^`]|``)*`|'(?:[^']|'')*'|[^\\s]+)\\s*");
    private static final Pattern ACCOUNT = Pattern.compile("([^@]+)@(.+)");

    /** Parses {@code keep}, {@code strip} or {@code replace=USER@HOST}. */
    public static DefinerPolicy parse(String text) {
        if (text.equals("keep")) {
            return KEEP;
        }
        if (text.equals("strip")) {
            return new DefinerPolicy(Mode.STRIP, null);
        }
        if (text.startsWith("replace=")) {
            Matcher m = ACCOUNT.matcher(text.substring("replace=".length()));
            if (m.matches()) {
                return new DefinerPolicy(Mode.REPLACE, "DEFINER=" + Sql.name(unquote(m.group(1))) + "@" + Sql.name(unquote(m.group(2))) + " ");
            }
        }
        throw new BadUsage("--definer must be keep, strip or replace=USER@HOST, not '" + text + "'");
    }

    /** The statement with its DEFINER clause kept, removed or replaced. */
    public String apply(String createStatement) {
        Matcher m = DEFINER.matcher(createStatement);
        if (mode == Mode.KEEP || !m.find()) {
            return createStatement;
        }
        return createStatement.substring(0, m.start()) + (mode == Mode.REPLACE ? replacement : "")
            + createStatement.substring(m.end());
    }

    /** The account a statement names as its definer, as {@code user@host} without quotes. */
    public static Optional<String[]> definerOf(String createStatement) {
        Matcher m = DEFINER.matcher(createStatement);
        return m.find() ? Optional.of(new String[] {unquote(m.group(1)), unquote(m.group(2))}) : Optional.empty();
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("`") && s.endsWith("`") || s.startsWith("'") && s.endsWith("'"))) {
            char q = s.charAt(0);
            return s.substring(1, s.length() - 1).replace(String.valueOf(q) + q, String.valueOf(q));
        }
        return s;
    }
}
