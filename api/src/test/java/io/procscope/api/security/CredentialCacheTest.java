package io.procscope.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CredentialCacheTest {

    static final long TTL_NANOS = 5_000_000_000L;
    static final HostCredentials.Bound WEB_1 = new HostCredentials.Bound("web-1", "d1", null, null, null);
    static final HostCredentials.Bound WEB_1_REVOKED =
            new HostCredentials.Bound("web-1", "d1", 1_764_144_000_000L, "sha256:1a2b3c4d5e6f", null);

    final AtomicLong now = new AtomicLong(1_000);
    final AtomicInteger loads = new AtomicInteger();

    @Test
    void readsTheDatabaseOncePerTtlAndAgainAfter() {
        CredentialCache cache = new CredentialCache(10, TTL_NANOS, now::get);

        cache.get("d1", d -> load(WEB_1));
        now.addAndGet(TTL_NANOS - 1);
        assertThat(cache.get("d1", d -> load(WEB_1_REVOKED))).contains(WEB_1);
        now.addAndGet(1);
        assertThat(cache.get("d1", d -> load(WEB_1_REVOKED)))
                .as("a revocation by another replica holds within the TTL")
                .contains(WEB_1_REVOKED);
        assertThat(loads).hasValue(2);
    }

    @Test
    void anEvictionHoldsAtOnce() {
        CredentialCache cache = new CredentialCache(10, TTL_NANOS, now::get);
        cache.get("d1", d -> load(WEB_1));

        cache.evict("d1");

        assertThat(cache.get("d1", d -> load(WEB_1_REVOKED))).contains(WEB_1_REVOKED);
    }

    @Test
    void keepsNoLoadThatRacedAnEviction() {
        CredentialCache cache = new CredentialCache(10, TTL_NANOS, now::get);

        // read before the revocation committed, answered after it evicted
        Optional<HostCredentials.Bound> stale = cache.get("d1", d -> {
            cache.evict("d1");
            return load(WEB_1);
        });

        assertThat(stale).contains(WEB_1);
        assertThat(cache.get("d1", d -> load(WEB_1_REVOKED))).contains(WEB_1_REVOKED);
    }

    @Test
    void aReplacementDoesNotUndoARevocation() {
        CredentialCache cache = new CredentialCache(10, TTL_NANOS, now::get);
        cache.get("d1", d -> load(WEB_1_REVOKED));

        cache.replace("d1", WEB_1, new HostCredentials.Bound("web-1", "d1", null, null, 42L));

        assertThat(cache.get("d1", d -> load(WEB_1))).contains(WEB_1_REVOKED);
    }

    @Test
    void holdsAtMostItsBoundAndMakesRoomFromExpiredEntries() {
        CredentialCache cache = new CredentialCache(3, TTL_NANOS, now::get);
        for (int i = 0; i < 10; i++) {
            cache.get("made-up-" + i, d -> Optional.empty());
        }
        assertThat(cache.size()).isEqualTo(3);

        now.addAndGet(TTL_NANOS);
        cache.get("d1", d -> load(WEB_1));

        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.get("d1", d -> load(WEB_1_REVOKED))).contains(WEB_1);
    }

    private Optional<HostCredentials.Bound> load(HostCredentials.Bound bound) {
        loads.incrementAndGet();
        return Optional.of(bound);
    }
}
