package conftool.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesTheShortFormsAndIso() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(5), Durations.parse(" 5S "));
        assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertEquals(Duration.ofSeconds(90), Durations.parse("PT1M30S"));
    }

    @Test
    void refusesAnythingElseNamingTheForms() {
        var e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("soon"));
        assertEquals("'soon' is not a duration: write e.g. 500ms, 5s, 2m or 1h", e.getMessage());
    }

    @Test
    void formatsAsAPersonWouldWriteIt() {
        assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
        assertEquals("1.5s", Durations.format(Duration.ofMillis(1500)));
        assertEquals("45s", Durations.format(Duration.ofSeconds(45)));
        assertEquals("5m", Durations.format(Duration.ofMinutes(5)));
        assertEquals("1m30s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("1h", Durations.format(Duration.ofHours(1)));
        assertEquals("2h15m", Durations.format(Duration.ofMinutes(135)));
    }
}
