package io.procscope.api.support;

import io.quarkus.test.Mock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application's clock in tests: the system's, unless a test moves it, for example to store
 * reports of three days ago as if they had arrived then. Every test sets it back ({@link #reset}).
 */
@Mock
public class TestClock extends Clock {

    private static final AtomicLong OFFSET_MILLIS = new AtomicLong();

    /** From now on the application's clock reads {@code instant}, then runs on from there. */
    public static void travelTo(Instant instant) {
        OFFSET_MILLIS.set(instant.toEpochMilli() - System.currentTimeMillis());
    }

    /** Back to the system's clock. */
    public static void reset() {
        OFFSET_MILLIS.set(0);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(Clock.system(zone), Duration.ofMillis(OFFSET_MILLIS.get()));
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + OFFSET_MILLIS.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
