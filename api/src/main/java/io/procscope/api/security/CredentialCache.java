package io.procscope.api.security;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Host credentials as this replica last read them, by digest, each for at most {@code ttl}: so a
 * report costs no query for its credential, and a revocation on another replica holds here within
 * {@code ttl}. Bounded: when full of live entries, lookups go to the database uncached rather than
 * push anything out (a flood of made-up credentials then costs queries, not memory).
 *
 * <p>A load that raced an {@link #evict} is not kept: it may have read the row as it was before the
 * change that evicted it.
 */
final class CredentialCache {

    /** One lookup's answer, empty for no such credential, and when it stops being trusted. */
    private record Entry(Optional<HostCredentials.Bound> value, long expiresAtNanos) {}

    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong evictions = new AtomicLong();
    private final int maxEntries;
    private final long ttlNanos;
    private final LongSupplier nanoClock;

    CredentialCache(int maxEntries, long ttlNanos, LongSupplier nanoClock) {
        this.maxEntries = maxEntries;
        this.ttlNanos = ttlNanos;
        this.nanoClock = nanoClock;
    }

    /** The credential of {@code digest}: cached, or from {@code loader} and then cached. */
    Optional<HostCredentials.Bound> get(String digest, Function<String, Optional<HostCredentials.Bound>> loader) {
        long now = nanoClock.getAsLong();
        Entry cached = entries.get(digest);
        if (cached != null && now - cached.expiresAtNanos() < 0) {
            return cached.value();
        }
        long evictionsBefore = evictions.get();
        Optional<HostCredentials.Bound> loaded = loader.apply(digest);
        // Expires ttl after the read began, so no entry is older than ttl counted from the database.
        Entry entry = new Entry(loaded, now + ttlNanos);
        if (evictions.get() == evictionsBefore && hasRoom()) {
            entries.put(digest, entry);
            if (evictions.get() != evictionsBefore) {
                entries.remove(digest, entry);
            }
        }
        return loaded;
    }

    /**
     * Replaces the cached credential of {@code digest} with {@code updated}, only while it is still
     * {@code current}: so a change made meanwhile (a revocation) is not undone.
     */
    void replace(String digest, HostCredentials.Bound current, HostCredentials.Bound updated) {
        Entry cached = entries.get(digest);
        if (cached != null && cached.value().filter(current::equals).isPresent()) {
            entries.replace(digest, cached, new Entry(Optional.of(updated), cached.expiresAtNanos()));
        }
    }

    /** Forgets {@code digest}, and any load of it under way. */
    void evict(String digest) {
        evictions.incrementAndGet();
        entries.remove(digest);
    }

    /** Forgets every credential bound to {@code hostname}, and any load under way: a renamed or deleted host. */
    void evictHost(String hostname) {
        evictions.incrementAndGet();
        entries.values()
                .removeIf(e ->
                        e.value().filter(b -> b.hostname().equals(hostname)).isPresent());
    }

    /** How many entries are held, live or expired. */
    int size() {
        return entries.size();
    }

    private boolean hasRoom() {
        if (entries.size() < maxEntries) {
            return true;
        }
        long now = nanoClock.getAsLong();
        entries.values().removeIf(e -> now - e.expiresAtNanos() >= 0);
        return entries.size() < maxEntries;
    }
}
