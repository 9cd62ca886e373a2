package io.procscope.api.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration DAY = Duration.ofHours(24);

    @Test
    void waitsDoubleFromThirtySecondsUpToTenMinutes() {
        assertThat(Backoff.after(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(Backoff.after(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(Backoff.after(3)).isEqualTo(Duration.ofSeconds(120));
        assertThat(Backoff.after(4)).isEqualTo(Duration.ofSeconds(240));
        assertThat(Backoff.after(5)).isEqualTo(Duration.ofSeconds(480));
        assertThat(Backoff.after(6)).isEqualTo(Duration.ofMinutes(10));
        assertThat(Backoff.after(1000)).isEqualTo(Duration.ofMinutes(10));
        assertThat(Backoff.after(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void lastTryIsAtTheMaximumAgeThenItIsGivenUp() {
        long created = 1_000_000L;
        assertThat(Backoff.nextAttemptMillis(1, created, created, DAY)).isEqualTo(created + 30_000);
        long almost = created + DAY.toMillis() - 60_000;
        assertThat(Backoff.nextAttemptMillis(50, almost, created, DAY)).isEqualTo(created + DAY.toMillis());
        assertThat(Backoff.nextAttemptMillis(51, created + DAY.toMillis(), created, DAY))
                .isEqualTo(-1);
        assertThat(Backoff.nextAttemptMillis(51, created + DAY.toMillis() + 1, created, DAY))
                .isEqualTo(-1);
    }
}
