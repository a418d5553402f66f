package offramp.verify;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One thing that differs between the left and the right server.
 *
 * @param object what it belongs to, in the DBA's words: {@code table app.t}, {@code trigger app.audit},
 *               {@code table app.t chunk 3 (key after 100 to 200)}
 * @param part   what of it differs: {@code column `x`}, {@code index `by_x`}, {@code AUTO_INCREMENT},
 *               {@code body}, {@code rows}, {@code contents}; null means the object itself exists on one side only
 * @param left   what the left server has; null means nothing (the object or part is missing there)
 * @param right  what the right server has; null means nothing
 */
public record Difference(String object, String part, String left, String right) {

    /** Longer values are shown in text around their first difference; JSON always carries them whole. */
    private static final int SHOWN = 120;

    /** One line for a DBA: {@code table app.t: column `x` differs: `x` int(11) on the left, `x` bigint(20) on the right}. */
    @JsonProperty("summary")
    @Override
    public String toString() {
        String where = part == null ? object : object + ": " + part;
        if (left == null || right == null) {
            return where + (part == null ? ": " : " ") + (left == null ? "only on the right" : "only on the left");
        }
        if (left.length() <= SHOWN && right.length() <= SHOWN) {
            return where + verb() + ": " + oneLine(left) + " on the left, " + oneLine(right) + " on the right";
        }
        int at = firstDifference(left, right);
        return where + verb() + " from character " + (at + 1) + ": " + excerpt(left, at) + " on the left, "
            + excerpt(right, at) + " on the right";
    }

    private String verb() {
        return part != null && part.endsWith("s") ? " differ" : " differs";
    }

    static int firstDifference(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return i;
            }
        }
        return n;
    }

    private static String excerpt(String s, int at) {
        int from = Math.max(0, at - 30);
        int to = Math.min(s.length(), at + SHOWN - 30);
        return (from > 0 ? "..." : "") + oneLine(s.substring(from, to)) + (to < s.length() ? "..." : "");
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ');
    }
}
