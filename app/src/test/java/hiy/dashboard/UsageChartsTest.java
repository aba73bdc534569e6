package hiy.dashboard;

import hiy.usage.Sample;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsageChartsTest {
    private static Sample mb(int seconds, long mb) {
        return new Sample(Instant.ofEpochSecond(seconds), mb * 1024 * 1024, 0);
    }

    @Test
    void samplesSpreadOverTheWidthAndTheHighestTouchesTheTop() {
        String svg = UsageCharts.line(List.of(mb(0, 10), mb(10, 20), mb(20, 5)), Sample::rssBytes);
        assertTrue(svg.contains("points=\"0.0,20.0 180.0,1.0 360.0,29.5\""), svg);
    }

    @Test
    void oneSampleIsAFlatLineAndNoneSaysWhenTheFirstComes() {
        assertTrue(UsageCharts.line(List.of(mb(0, 10)), Sample::rssBytes).contains("points=\"0,1.0 360.0,1.0\""));
        String none = UsageCharts.app(List.of());
        assertTrue(none.contains("every 10 s"), none);
        String card = UsageCharts.app(List.of(mb(0, 10), mb(10, 37)));
        assertTrue(card.contains("<b>37.0 MB</b>") && card.contains("highest 37.0 MB"), card);
    }

    @Test
    void valuesAreEscapedForHtml() {
        assertEquals("&lt;b&gt;&amp;&quot;&#39;", Html.escape("<b>&\"'"));
    }
}
