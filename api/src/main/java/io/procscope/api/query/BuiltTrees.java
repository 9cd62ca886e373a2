package io.procscope.api.query;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The process trees of the hosts read last, each kept while it is the tree of its host's newest
 * state: a tree page and the children its script loads a node at a time share one build, instead
 * of building the whole tree again for each node opened. Bounded by hosts and by processes, least
 * recently used first out. Thread-safe; a build runs outside the lock.
 *
 * <p>An entry is only used while the host's row still names the state it was built from (its
 * snapshot, the report's time, the host's name and memory), so every replica answers from the
 * database's truth and keeps no state of its own that could be out of date.
 */
final class BuiltTrees {

    /**
     * What a tree was built from: a new report, a rename, or another host given the same id (SQLite
     * reuses a deleted host's ids) makes another version.
     *
     * @param snapshotId the host's newest snapshot
     * @param collectedAtMillis when its report was collected, ms since the epoch
     * @param hostname the host's name, which the tree carries
     * @param memoryTotalBytes the host's memory, which each process's memory percent is of
     */
    record Version(long snapshotId, long collectedAtMillis, String hostname, Long memoryTotalBytes) {}

    private record Entry(Version version, HostTree tree) {}

    private final int maxHosts;
    private final long maxProcesses;
    private final LinkedHashMap<Long, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long processes;

    /**
     * @param maxHosts the most hosts whose trees are kept
     * @param maxProcesses the most processes the kept trees may hold together
     */
    BuiltTrees(int maxHosts, long maxProcesses) {
        this.maxHosts = maxHosts;
        this.maxProcesses = maxProcesses;
    }

    /** The host's tree when it was built from {@code version}; counts as a use. */
    synchronized HostTree get(long hostId, Version version) {
        Entry entry = entries.get(hostId);
        return entry != null && entry.version().equals(version) ? entry.tree() : null;
    }

    /**
     * Keeps the host's tree built from {@code version}, in place of any other of the host's, then
     * drops the least recently used trees until the rest fit. A tree larger than the whole bound is
     * not kept.
     */
    synchronized void put(long hostId, Version version, HostTree tree) {
        Objects.requireNonNull(version);
        remove(hostId);
        int size = tree.tree().processCount();
        if (size > maxProcesses) {
            return;
        }
        entries.put(hostId, new Entry(version, tree));
        processes += size;
        Iterator<Map.Entry<Long, Entry>> eldest = entries.entrySet().iterator();
        while ((processes > maxProcesses || entries.size() > maxHosts) && eldest.hasNext()) {
            processes -= eldest.next().getValue().tree().tree().processCount();
            eldest.remove();
        }
    }

    /** Drops the host's tree. */
    synchronized void remove(long hostId) {
        Entry removed = entries.remove(hostId);
        if (removed != null) {
            processes -= removed.tree().tree().processCount();
        }
    }

    /** How many hosts' trees are kept. */
    synchronized int size() {
        return entries.size();
    }

    /** Processes the kept trees hold together. */
    synchronized long processes() {
        return processes;
    }
}
