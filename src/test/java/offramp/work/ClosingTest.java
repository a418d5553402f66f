package offramp.work;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClosingTest {

    @Test
    void closingAfterAFailedStepClosesEverythingAndKeepsTheFailure() {
        List<String> closed = new ArrayList<>();
        AutoCloseable first = () -> closed.add("first");
        AutoCloseable failing = () -> {
            closed.add("failing");
            throw new IllegalStateException("close failed");
        };
        AutoCloseable last = () -> closed.add("last");
        RuntimeException failure = new RuntimeException("step failed");
        Closing.after(failure, first, failing, null, last);
        assertEquals(List.of("first", "failing", "last"), closed);
        assertEquals("step failed", failure.getMessage());
        assertEquals("close failed", failure.getSuppressed()[0].getMessage());
    }
}
