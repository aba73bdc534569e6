package hiy.usage;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryTest {
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    @Test
    void itHoldsAnHourOfRoundsAtMost() {
        assertEquals(360, History.CAPACITY);
        History<Sample> h = new History<>(Sample::at);
        for (int i = 0; i <= 360; i++) h.add(new Sample(T0.plusSeconds(i), i, 0));
        List<Sample> all = h.all();
        assertEquals(360, all.size(), "however close together the rounds came");
        assertEquals(1, all.get(0).rssBytes(), "the oldest went");
        assertEquals(360, h.latest().orElseThrow().rssBytes());
    }

    @Test
    void agingDropsWhatIsAnHourOldOrOlder() {
        History<Sample> h = new History<>(Sample::at);
        h.add(new Sample(T0, 1, 0));
        h.add(new Sample(T0.plusSeconds(1), 2, 0));
        h.age(T0.plus(UsageSampler.KEPT));
        assertEquals(List.of(new Sample(T0.plusSeconds(1), 2, 0)), h.all());
        h.age(T0.plus(UsageSampler.KEPT).plusSeconds(1));
        assertTrue(h.isEmpty());
        assertTrue(h.latest().isEmpty());
    }
}
