package io.procscope.agent.collect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Names uids from a passwd file, read once and cached. OSHI's {@code OSProcess.getUser()} forks
 * {@code getent passwd} for every process (1.8 s for 1077 processes); this reads one file.
 *
 * <p>A uid missing from the cache (a user added since) re-reads the file, at most once per {@code
 * minReread}; a uid the file does not name is reported as the number itself. Thread-safe.
 */
public final class UserNames {

    private static final Logger LOG = Logger.getLogger(UserNames.class.getName());

    private final Path passwdFile;
    private final long minRereadNanos;
    private final LongSupplier nanoClock;

    private Map<String, String> names = Map.of();
    private long lastReadNanos;
    private boolean read;
    private boolean warnedUnreadable;

    /**
     * @param passwdFile the passwd file, for example {@code /etc/passwd} or {@code /host/etc/passwd}
     * @param minReread least time between two reads of the file caused by unknown uids
     */
    public UserNames(Path passwdFile, Duration minReread) {
        this(passwdFile, minReread, System::nanoTime);
    }

    /**
     * @param passwdFile the passwd file
     * @param minReread least time between two reads of the file caused by unknown uids
     * @param nanoClock monotonic clock, ns; tests pass a fake one
     */
    public UserNames(Path passwdFile, Duration minReread, LongSupplier nanoClock) {
        this.passwdFile = passwdFile;
        this.minRereadNanos = minReread.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Names a uid.
     *
     * @param uid the numeric uid as text, as OSHI's {@code getUserID()} returns it
     * @return the user name, the uid itself when no name is known, or null for a null or empty uid
     */
    public synchronized String nameOf(String uid) {
        if (uid == null || uid.isEmpty()) {
            return null;
        }
        String name = names.get(uid);
        if (name != null) {
            return name;
        }
        long now = nanoClock.getAsLong();
        if (!read || now - lastReadNanos >= minRereadNanos) {
            reload(now);
            name = names.get(uid);
        }
        return name != null ? name : uid;
    }

    /**
     * @return how many uids are named, after the last read of the file
     */
    public synchronized int size() {
        return names.size();
    }

    private void reload(long now) {
        read = true;
        lastReadNanos = now;
        try {
            names = parse(Files.readAllLines(passwdFile, StandardCharsets.UTF_8));
            warnedUnreadable = false;
        } catch (IOException e) {
            if (!warnedUnreadable) {
                LOG.log(Level.WARNING, "cannot read {0} ({1}); users are reported as numeric uids", new Object[] {
                    passwdFile, e.toString()
                });
                warnedUnreadable = true;
            }
        }
    }

    /**
     * Parses passwd lines {@code name:password:uid:gid:gecos:home:shell}. Comments, blank lines, NIS
     * {@code +}/{@code -} entries and malformed lines are skipped; for a uid listed twice the first
     * name wins, as in {@code getpwuid}.
     *
     * @param lines the file's lines
     * @return uid (decimal text) to user name
     */
    static Map<String, String> parse(List<String> lines) {
        Map<String, String> m = new HashMap<>(lines.size() * 2);
        for (String line : lines) {
            if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == '+' || line.charAt(0) == '-') {
                continue;
            }
            int c1 = line.indexOf(':');
            int c2 = c1 < 0 ? -1 : line.indexOf(':', c1 + 1);
            int c3 = c2 < 0 ? -1 : line.indexOf(':', c2 + 1);
            if (c1 <= 0 || c3 < 0) {
                continue;
            }
            String uid = line.substring(c2 + 1, c3);
            if (uid.isEmpty() || !uid.chars().allMatch(Character::isDigit)) {
                continue;
            }
            m.putIfAbsent(uid, line.substring(0, c1));
        }
        return m;
    }
}
