package io.procscope.api.domain;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decoded host states, bounded by their estimated size in bytes, least recently used first out.
 * An entry count does not bound memory: one host may send 100,000 processes with 4 KiB command
 * lines where another sends 300 short ones. Thread-safe; each call holds the lock for a map
 * operation, never for a decode.
 */
final class DecodedStates {

    /**
     * Heap of one {@link TrackedProcess} without its strings, bytes: the record (header, 3 primitives,
     * 20 references: 112 with compressed references), up to 10 boxed numbers of 16 each, and its slot
     * in the list.
     */
    static final long ROW_BYTES = 112 + 10 * 16 + 4;

    /** Heap of a String besides its characters, bytes: the String (24) and its array's header (16). */
    static final long STRING_BYTES = 40;

    /**
     * Heap of one entry besides its rows, bytes: the {@link CurrentState}, its list and array headers,
     * the map's entry and key.
     */
    static final long ENTRY_BYTES = 160;

    private record Entry(CurrentState state, long bytes) {}

    private final long maxBytes;
    private final LinkedHashMap<Long, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    /** @param maxBytes the most bytes the states may take, by {@link #estimateBytes} */
    DecodedStates(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The host's state when it is the one of {@code snapshotId}; counts as a use. */
    synchronized CurrentState get(long hostId, long snapshotId) {
        Entry entry = entries.get(hostId);
        return entry != null && entry.state().snapshotId() == snapshotId ? entry.state() : null;
    }

    /**
     * Keeps {@code state} unless a newer one of its host is held, then drops the least recently used
     * states until the rest fit. A state larger than the whole bound is not kept.
     */
    synchronized void put(CurrentState state, long stateBytes) {
        Entry held = entries.get(state.hostId());
        if (held != null && held.state().collectedAtMillis() > state.collectedAtMillis()) {
            return;
        }
        if (held != null) {
            bytes -= held.bytes();
            entries.remove(state.hostId());
        }
        if (stateBytes > maxBytes) {
            return; // kept, it would push every other host out
        }
        entries.put(state.hostId(), new Entry(state, stateBytes));
        bytes += stateBytes;
        Iterator<Map.Entry<Long, Entry>> eldest = entries.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            bytes -= eldest.next().getValue().bytes();
            eldest.remove();
        }
    }

    /**
     * The estimated bytes the host's state of {@code snapshotId} was kept with, or -1 when it is not
     * held; not a use.
     */
    synchronized long bytesOf(long hostId, long snapshotId) {
        Entry entry = entries.get(hostId);
        return entry != null && entry.state().snapshotId() == snapshotId ? entry.bytes() : -1;
    }

    /** Drops the host's state. */
    synchronized void remove(long hostId) {
        Entry removed = entries.remove(hostId);
        if (removed != null) {
            bytes -= removed.bytes();
        }
    }

    /** Estimated bytes of the states held. */
    synchronized long bytes() {
        return bytes;
    }

    /** How many hosts' states are held. */
    synchronized int size() {
        return entries.size();
    }

    /**
     * The heap a decoded state takes, estimated from its rows and the lengths of their strings, bytes.
     * On a 64-bit JVM with compressed references it is 6-10% above what JOL's {@code GraphLayout}
     * counts for states of 500 to 40,000 decoded processes (about 470 bytes each with typical command
     * lines, 680 with 400-character ones), the high side where small numbers share their boxes.
     */
    static long estimateBytes(List<TrackedProcess> processes) {
        long total = ENTRY_BYTES + (long) processes.size() * ROW_BYTES;
        for (TrackedProcess p : processes) {
            total += rowStringBytes(p);
        }
        return total;
    }

    /**
     * The estimated heap of a state that follows one whose estimate was {@code beforeBytes}, without
     * reading every string again: the rows' fixed part for the change in their number, and the
     * strings of the rows that came or went. Equal to {@link #estimateBytes} of the state when every
     * row not counted in {@code stringBytesChange} has strings equal to its row before.
     *
     * @param stringBytesChange the strings' heap ({@link #rowStringBytes}) of the rows
     *     added or changed, less that of the rows removed or replaced, bytes
     */
    static long estimateBytesAfter(long beforeBytes, int beforeRows, int rows, long stringBytesChange) {
        return beforeBytes + (long) (rows - beforeRows) * ROW_BYTES + stringBytesChange;
    }

    /** The heap of a row's strings, bytes. */
    static long rowStringBytes(TrackedProcess p) {
        return stringBytes(p.name())
                + stringBytes(p.exe())
                + stringBytes(p.commandLine())
                + stringBytes(p.user())
                + stringBytes(p.cwd())
                + stringBytes(p.containerId())
                + stringBytes(p.podUid())
                + stringBytes(p.podNamespace())
                + stringBytes(p.podName());
    }

    /** A string's heap: one byte per character while all are Latin-1, else two; 0 for null. */
    static long stringBytes(String s) {
        if (s == null) {
            return 0;
        }
        int length = s.length();
        long perChar = 1;
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) > 0xFF) {
                perChar = 2;
                break;
            }
        }
        // arrays are 8-byte aligned
        return STRING_BYTES + ((length * perChar + 7) & ~7L);
    }
}
