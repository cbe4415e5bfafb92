package conftool.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** How an unexpected failure reads on the error line. */
class FailuresTest {

    @Test
    void aWrapperWhoseMessageIsItsCauseNamesTheCauseOnce() {
        RuntimeException wrapped = new RuntimeException(new IllegalArgumentException("port out of range:99999"));
        assertEquals("IllegalArgumentException: port out of range:99999", Failures.describe(wrapped));
    }

    @Test
    void aWrapperWithAMessageOfItsOwnKeepsIt() {
        var e = new UncheckedIOException("reading the journal", new java.io.IOException("disk full"));
        assertEquals("UncheckedIOException: reading the journal", Failures.describe(e));
        assertEquals("IllegalStateException", Failures.describe(new IllegalStateException()));
    }
}
