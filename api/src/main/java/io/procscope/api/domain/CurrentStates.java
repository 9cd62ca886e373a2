package io.procscope.api.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads hosts' newest states, decoded. Keeps the decoded states of recently read hosts: an entry
 * is used only while its snapshot is still the host's newest, so every replica answers from the
 * database's truth and keeps no state of its own.
 */
@ApplicationScoped
public class CurrentStates {

    private final ConcurrentMap<Long, CurrentState> decoded = new ConcurrentHashMap<>();
    private final int capacity;

    CurrentStates(@ConfigProperty(name = "procscope.cache.hosts", defaultValue = "500") int capacity) {
        this.capacity = capacity;
    }

    /** The host's newest state; empty for a host without one. Must run in a transaction. */
    public Optional<CurrentState> of(Host host) {
        if (host.latestSnapshotId == null) {
            return Optional.empty();
        }
        CurrentState cached = decoded.get(host.id);
        if (cached != null && cached.snapshotId() == host.latestSnapshotId) {
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
        decoded.merge(
                state.hostId(),
                state,
                (old, fresh) -> fresh.collectedAtMillis() >= old.collectedAtMillis() ? fresh : old);
        if (decoded.size() > capacity) {
            decoded.values().stream()
                    .min(Comparator.comparingLong(CurrentState::collectedAtMillis))
                    .ifPresent(oldest -> decoded.remove(oldest.hostId(), oldest));
        }
    }

    /** Drops a host's decoded state, for example when the host is deleted. */
    public void forget(long hostId) {
        decoded.remove(hostId);
    }
}
