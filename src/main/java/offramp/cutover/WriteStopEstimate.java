package offramp.cutover;

import offramp.text.Units;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the write stop should take, phase by phase, estimated before anything is fenced: the fence, its proof, the
 * wait until the replica has applied F, the comparison under the fence, stopping replication, the way back and the
 * opening. A budget it does not fit is refused before the fence.
 *
 * @param phases seconds per phase, in the order of the write stop, named as {@link Attempt#PHASES} names the phase's start
 * @param basis  what the figures rest on (lag, rates, sizes), for the message
 */
record WriteStopEstimate(Map<String, Double> phases, String basis) {

    /**
     * The steps that take a few statements. CutoverIT's runs on local servers measured 0.02-0.03 s for the fence,
     * at most 0.01 s to stop replication or open, 0.01-0.03 s to arm the way back (which waits for its threads to
     * connect); these are rounded up for a network's round trips, and the fence adds one statement per session it ends.
     */
    static final double FENCE_SECONDS = 0.1;
    static final double PER_SESSION_SECONDS = 0.01;
    static final double STOP_SECONDS = 0.1;
    static final double WAY_BACK_SECONDS = 0.5;
    static final double OPEN_SECONDS = 0.1;
    /** The comparison's rate where none was measured: checksum read 469 MiB in 4.0 s from disk here (about 117 MiB/s). */
    static final double DEFAULT_COMPARE_BYTES_PER_SECOND = 100.0 * 1024 * 1024;
    /** The replica's apply rate where the samples did not measure one (it had nothing to apply): a slow replica's. */
    static final double DEFAULT_APPLY_BYTES_PER_SECOND = 4.0 * 1024 * 1024;

    /** The phases, in order: the key of each in {@link #phases} and the attempt phase its actual time is measured from. */
    static final List<String> NAMES = List.of("fence", "proof", "wait for F", "compare", "stop", "way back", "open");
    static final List<String> MEASURED_FROM = List.of("fencing", "proving-fence", "waiting", "verifying",
        "stopping-replication", "arming-reverse", "opening");

    /**
     * What the estimate is made of.
     *
     * @param sessions              the application's sessions the fence would end now
     * @param proofSeconds          how long the fence's proof takes
     * @param lagBytes              the replica's lag in bytes at the last sample; -1 unknown
     * @param applyBytesPerSecond   its apply rate measured over the samples; null when it applied nothing meanwhile
     * @param compare               what the comparison under the fence reads on each side, and why
     * @param compareBytesPerSecond the comparison's measured rate; null for the default
     * @param reverse               whether the way back is armed
     */
    record Inputs(int sessions, double proofSeconds, long lagBytes, Double applyBytesPerSecond, CompareScope compare,
                  Double compareBytesPerSecond, boolean reverse) {

        /** The same, with another comparison under the fence. */
        Inputs comparing(CompareScope other) {
            return new Inputs(sessions, proofSeconds, lagBytes, applyBytesPerSecond, other, compareBytesPerSecond, reverse);
        }
    }

    static WriteStopEstimate of(Inputs in) {
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("fence", FENCE_SECONDS + PER_SESSION_SECONDS * in.sessions());
        p.put("proof", in.proofSeconds());
        double apply = in.applyBytesPerSecond() == null || in.applyBytesPerSecond() <= 0
            ? DEFAULT_APPLY_BYTES_PER_SECOND : in.applyBytesPerSecond();
        p.put("wait for F", in.lagBytes() <= 0 ? 0.0 : in.lagBytes() / apply);
        p.put("compare", estimateCompareSeconds(in.compare().bytes(), in.compareBytesPerSecond()));
        p.put("stop", STOP_SECONDS);
        p.put("way back", in.reverse() ? WAY_BACK_SECONDS : 0.0);
        p.put("open", OPEN_SECONDS);
        String basis = String.format(Locale.ROOT, "%s behind, applied at %s/s%s; %s compared at %s/s%s; %d session(s) to end",
            in.lagBytes() < 0 ? "? bytes" : Units.bytes(in.lagBytes()), Units.bytes((long) apply),
            in.applyBytesPerSecond() == null || in.applyBytesPerSecond() <= 0 ? " (assumed: none measured)" : " (measured)",
            in.compare().what(),
            Units.bytes((long) compareRate(in.compareBytesPerSecond())),
            in.compareBytesPerSecond() == null ? " (assumed)" : " (measured)", in.sessions());
        return new WriteStopEstimate(p, basis);
    }

    /** Seconds to compare this many bytes on each side, at the measured or the default rate. */
    static double estimateCompareSeconds(long bytes, Double measuredBytesPerSecond) {
        return Math.max(0, bytes) / compareRate(measuredBytesPerSecond);
    }

    private static double compareRate(Double measured) {
        return measured == null || measured <= 0 ? DEFAULT_COMPARE_BYTES_PER_SECOND : measured;
    }

    double total() {
        return phases.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    boolean fits(Duration budget) {
        return total() <= budget.toMillis() / 1000.0;
    }

    /** The phase that takes longest, with its seconds, e.g. {@code proof 3 s}. */
    String longest() {
        var max = phases.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        return max.getKey() + " " + seconds(max.getValue());
    }

    /** e.g. {@code fence 0.1 s + proof 3 s + wait for F 0.0 s + ... = 3.9 s} */
    String describe() {
        StringBuilder b = new StringBuilder();
        phases.forEach((name, seconds) -> b.append(b.isEmpty() ? "" : " + ").append(name).append(' ').append(seconds(seconds)));
        return b.append(" = ").append(seconds(total())).toString();
    }

    /** Each phase's estimate beside the time it took, from the attempt's phase timeline (seconds per phase reached). */
    Map<String, String> besideActual(Map<String, Double> actualPhaseSeconds) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.size(); i++) {
            Double actual = actualPhaseSeconds.get(MEASURED_FROM.get(i));
            lines.put(NAMES.get(i), "estimated " + seconds(phases.getOrDefault(NAMES.get(i), 0.0))
                + ", took " + (actual == null ? "-" : seconds(actual)));
        }
        return lines;
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, s >= 10 || s == Math.rint(s) ? "%.0f s" : "%.1f s", s);
    }
}
