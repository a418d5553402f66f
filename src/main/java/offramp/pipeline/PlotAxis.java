package offramp.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One axis of a plot in report.html: it runs from 0 to {@code top}, with ticks at round steps (1, 2 or 5 times a
 * power of ten of its unit) and labels that say each tick's value exactly.
 *
 * @param top    the axis's end, at or above the largest value
 * @param ticks  the tick values, from 0 to {@code top}
 * @param labels each tick's label, with its unit
 */
record PlotAxis(double top, List<Double> ticks, List<String> labels) {

    private static final String[] BYTE_UNITS = {"bytes", "KiB", "MiB", "GiB", "TiB"};

    /** Seconds: whole seconds at least, so a lag of 3 s reads 0 s, 1 s, 2 s, 3 s. */
    static PlotAxis seconds(double max) {
        return of(max, 1, "s", true);
    }

    /** Bytes, in the binary unit that suits the largest value: 0, 512 KiB, 1 MiB, 1.5 ... */
    static PlotAxis bytes(double max) {
        int unit = 0;
        double scale = 1;
        while (unit < BYTE_UNITS.length - 1 && max / scale >= 1024) {
            scale *= 1024;
            unit++;
        }
        return of(max, scale, BYTE_UNITS[unit], unit == 0);
    }

    /** About four steps from 0 to at least {@code max}, counted in {@code scale} (one {@code unit}). */
    private static PlotAxis of(double max, double scale, String unit, boolean whole) {
        double inUnit = Math.max(max, 0) / scale;
        double step = step(inUnit / 4, whole);
        int steps = Math.max(1, (int) Math.ceil(inUnit / step - 1e-9));
        int decimals = whole ? 0 : Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        List<Double> ticks = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i <= steps; i++) {
            double v = i * step;
            ticks.add(v * scale);
            labels.add(String.format(Locale.ROOT, "%." + decimals + "f %s", v, unit));
        }
        return new PlotAxis(steps * step * scale, List.copyOf(ticks), List.copyOf(labels));
    }

    /** The round step (1, 2 or 5 times a power of ten) at or above {@code rough}; at least 1 when {@code whole}. */
    static double step(double rough, boolean whole) {
        if (!(rough > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        double step = 10 * power;
        for (double m : new double[]{1, 2, 5}) {
            if (m * power >= rough - 1e-12) {
                step = m * power;
                break;
            }
        }
        return whole ? Math.max(1, Math.ceil(step)) : step;
    }
}
