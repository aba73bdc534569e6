package hiy.dashboard;

import hiy.model.Sizes;
import hiy.usage.BoxSample;
import hiy.usage.Sample;
import hiy.usage.UsageSampler;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The usage of the last hour as small line charts (inline SVG: no script, no image request), each with its latest
 * value and the highest of the hour; one point per sample ({@link UsageSampler#EVERY} apart), spread over the width.
 */
final class UsageCharts {
    private static final int WIDTH = 360;
    private static final int HEIGHT = 40;

    private UsageCharts() { }

    static String app(List<Sample> samples) {
        if (samples.isEmpty()) return "<p class=\"muted\">No samples yet: HIY samples running processes every "
                + UsageSampler.EVERY.toSeconds() + " s.</p>";
        Sample last = samples.get(samples.size() - 1);
        return "<div class=\"cards\">"
                + card("memory", Sizes.bytes(last.rssBytes()), samples, s -> s.rssBytes(),
                        Sizes.bytes((long) max(samples, Sample::rssBytes)))
                + card("CPU (of one core)", percent(last.cpuPercent()), samples, Sample::cpuPercent,
                        percent(max(samples, Sample::cpuPercent)))
                + "</div>";
    }

    static String box(List<BoxSample> samples) {
        if (samples.isEmpty()) return "<p class=\"muted\">No samples yet.</p>";
        BoxSample last = samples.get(samples.size() - 1);
        return "<div class=\"cards\">"
                + card("CPU (all cores)", percent(last.cpuPercent()), samples, BoxSample::cpuPercent,
                        percent(max(samples, BoxSample::cpuPercent)))
                + card("memory in use", Sizes.bytes(last.memTotalBytes() - last.memAvailableBytes()) + " of "
                        + Sizes.bytes(last.memTotalBytes()), samples, s -> s.memTotalBytes() - s.memAvailableBytes(),
                        Sizes.bytes((long) max(samples, s -> s.memTotalBytes() - s.memAvailableBytes())))
                + card("HIY itself", Sizes.bytes(last.hiyRssBytes()), samples, BoxSample::hiyRssBytes,
                        Sizes.bytes((long) max(samples, BoxSample::hiyRssBytes)))
                + "</div>";
    }

    private static <T> String card(String what, String now, List<T> samples, ToDoubleFunction<T> value, String highest) {
        return "<div class=\"card\" data-chart=\"" + Html.escape(what) + "\">" + Html.escape(what) + "<b>"
                + Html.escape(now) + "</b>" + line(samples, value) + "<span class=\"muted\">highest "
                + Html.escape(highest) + "</span></div>";
    }

    /** The samples across the width, oldest at the left; the highest touches the top (one sample: a flat line). */
    static <T> String line(List<T> samples, ToDoubleFunction<T> value) {
        double top = Math.max(max(samples, value), 1e-9);
        int n = samples.size();
        double step = (double) WIDTH / Math.max(1, n - 1);
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double y = HEIGHT - 1 - value.applyAsDouble(samples.get(i)) / top * (HEIGHT - 2);
            if (n == 1) points.append(String.format(Locale.ROOT, "0,%.1f ", y));
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", n == 1 ? WIDTH : i * step, y));
        }
        return "<svg class=\"spark\" viewBox=\"0 0 " + WIDTH + " " + HEIGHT + "\" preserveAspectRatio=\"none\""
                + " role=\"img\"><polyline points=\"" + points.toString().strip() + "\"/></svg>";
    }

    private static <T> double max(List<T> samples, ToDoubleFunction<T> value) {
        return samples.stream().mapToDouble(value).max().orElse(0);
    }

    private static String percent(double p) {
        return String.format(Locale.ROOT, "%.1f %%", p);
    }
}
