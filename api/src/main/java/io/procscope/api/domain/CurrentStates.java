package io.procscope.api.domain;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.Optional;

/**
 * Reads hosts' newest states, decoded. Keeps the decoded states of recently read hosts, up to
 * {@code procscope.cache.max-bytes} by their estimated size, least recently used out first: an
 * entry is used only while its snapshot is still the host's newest, so every replica answers from
 * the database's truth and keeps no state of its own.
 */
@ApplicationScoped
public class CurrentStates {

    /** Gauge of the estimated heap the decoded states take, bytes. */
    static final String CACHE_BYTES = "procscope.cache.bytes";

    private final DecodedStates decoded;

    /** @param config {@code procscope.cache.max-bytes}: the most heap the decoded states may take. */
    CurrentStates(CacheConfig config, MeterRegistry registry) {
        this.decoded = new DecodedStates(config.maxBytes().asLongValue());
        Gauge.builder(CACHE_BYTES, decoded, DecodedStates::bytes)
                .description("Estimated heap of the decoded host states kept in memory")
                .baseUnit("bytes")
                .register(registry);
    }

    /** The host's newest state; empty for a host without one. Must run in a transaction. */
    public Optional<CurrentState> of(Host host) {
        if (host.latestSnapshotId == null) {
            return Optional.empty();
        }
        CurrentState cached = decoded.get(host.id, host.latestSnapshotId);
        if (cached != null) {
            return Optional.of(cached);
        }
        HostState row = HostState.findById(host.id);
        if (row == null) {
            return Optional.empty();
        }
        CurrentState state =
                new CurrentState(host.id, row.snapshotId, row.collectedAtMillis, StateCodec.decode(row.processes));
        remember(state);
        return Optional.of(state);
    }

    /** Keeps a state that was just committed, so the next read needs no decoding. */
    public void remember(CurrentState state) {
        decoded.put(state, DecodedStates.estimateBytes(state.processes()));
    }

    /**
     * Keeps a state that was just committed in place of {@code before}, as {@link #remember} does,
     * its size worked out from the one {@code before} is held with: reading every string of every
     * report again cost about 7% of ingest's CPU. Falls back to reading them when {@code before} is
     * not held.
     *
     * @param before the host's state the new one replaced; null for a host's first
     * @param stringBytesChange the heap ({@link #stringBytes}) of the strings of the processes that
     *     started or changed identity, less that of the processes that exited or changed identity;
     *     every other process must have the same strings as in {@code before}
     */
    public void remember(CurrentState state, CurrentState before, long stringBytesChange) {
        long beforeBytes = before == null ? -1 : decoded.bytesOf(before.hostId(), before.snapshotId());
        long bytes = beforeBytes < 0
                ? DecodedStates.estimateBytes(state.processes())
                : DecodedStates.estimateBytesAfter(
                        beforeBytes,
                        before.processes().size(),
                        state.processes().size(),
                        stringBytesChange);
        decoded.put(state, bytes);
    }

    /** The heap a process's strings take in a decoded state, bytes, as the bound counts them. */
    public static long stringBytes(TrackedProcess p) {
        return DecodedStates.rowStringBytes(p);
    }

    /** Drops a host's decoded state, for example when the host is deleted. */
    public void forget(long hostId) {
        decoded.remove(hostId);
    }

    /**
     * Drops a deleted host's state once the deletion committed: on SQLite a later host may be
     * given the same id, and its snapshots the same ids too.
     */
    void forgetDeleted(@Observes(during = TransactionPhase.AFTER_SUCCESS) HostDeleted deleted) {
        if (deleted.hostId() != null) {
            forget(deleted.hostId());
        }
    }
}
