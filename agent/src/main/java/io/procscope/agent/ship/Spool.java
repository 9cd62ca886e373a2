package io.procscope.agent.ship;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reports not yet accepted by the API, on disk: one {@code <collectedAtMillis>-<reportId>.json.gz}
 * file each, written to a temporary file and renamed, so a crash never leaves half a report under a
 * report's name. Read oldest first. A report leaves only when the API accepted it, or is moved to
 * {@code rejected/} when the API refused it for good.
 *
 * <p>The spool holds at most {@code maxBytes}: to make room, the oldest reports are dropped, each
 * with a warning, and counted. {@code rejected/} keeps, for inspection and {@link #requeueRejected()},
 * the newest reports up to the same number of bytes; older ones are deleted. Thread-safe.
 */
public final class Spool {

    private static final Logger LOG = Logger.getLogger(Spool.class.getName());

    /** Subdirectory of reports the API refused. */
    public static final String REJECTED_DIR = "rejected";

    private static final String SUFFIX = ".json.gz";
    private static final String TEMP_PREFIX = ".tmp-";
    private static final Pattern NAME = Pattern.compile("(\\d{1,19})-([0-9a-fA-F-]{36})\\.json\\.gz");

    private final Path dir;
    private final Path rejectedDir;
    private final long maxBytes;
    private final AtomicLong dropped = new AtomicLong();

    /**
     * One spooled report.
     *
     * @param file its file
     * @param collectedAtMillis when it was collected, ms since the epoch
     * @param reportId its id
     * @param sizeBytes file size, bytes
     */
    public record Entry(Path file, long collectedAtMillis, UUID reportId, long sizeBytes) {}

    private Spool(Path dir, long maxBytes) {
        this.dir = dir;
        this.rejectedDir = dir.resolve(REJECTED_DIR);
        this.maxBytes = maxBytes;
    }

    /**
     * Creates {@code dir} and its missing parents readable by the agent's user only, where the file
     * system has POSIX permissions: reports hold every command line of the host.
     */
    private static void createPrivately(Path dir) throws IOException {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    /**
     * Opens (creating if needed) a spool directory and removes temporary files a crash left behind.
     *
     * @param dir the directory
     * @param maxBytes most bytes its reports may take
     * @return the spool
     * @throws IOException when the directory cannot be created or listed
     */
    public static Spool open(Path dir, long maxBytes) throws IOException {
        if (!Files.isDirectory(dir)) {
            createPrivately(dir);
        }
        Spool spool = new Spool(dir, maxBytes);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, TEMP_PREFIX + "*")) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        }
        return spool;
    }

    /**
     * @return the directory
     */
    public Path dir() {
        return dir;
    }

    /**
     * Adds a report, dropping the oldest ones first if it would not fit.
     *
     * @param collectedAtMillis when it was collected, ms since the epoch
     * @param reportId its id
     * @param gzippedJson the report as sent
     * @return true when spooled; false when it alone is larger than the spool and was dropped
     * @throws IOException when the file cannot be written
     */
    public synchronized boolean add(long collectedAtMillis, UUID reportId, byte[] gzippedJson) throws IOException {
        if (gzippedJson.length > maxBytes) {
            dropped.incrementAndGet();
            LOG.warning("report " + reportId + " (" + gzippedJson.length + " bytes) is larger than the whole spool ("
                    + maxBytes + " bytes, spool-max-bytes) and was dropped; " + dropped.get() + " dropped so far");
            return false;
        }
        makeRoom(gzippedJson.length);
        writeAtomically(dir, fileName(collectedAtMillis, reportId), gzippedJson);
        return true;
    }

    /** Drops the oldest reports until {@code incoming} more bytes fit under {@code maxBytes}. */
    private void makeRoom(long incoming) throws IOException {
        List<Entry> entries = entries();
        long total = entries.stream().mapToLong(Entry::sizeBytes).sum();
        for (int i = 0; total + incoming > maxBytes && i < entries.size(); i++) {
            Entry oldest = entries.get(i);
            Files.deleteIfExists(oldest.file());
            total -= oldest.sizeBytes();
            long n = dropped.incrementAndGet();
            LOG.warning("spool full (" + maxBytes + " bytes, spool-max-bytes): dropped the oldest report "
                    + oldest.reportId() + " collected at " + Instant.ofEpochMilli(oldest.collectedAtMillis())
                    + "; " + n + " dropped so far");
        }
    }

    /**
     * @return the spooled reports, oldest first
     * @throws IOException when the directory cannot be listed
     */
    public synchronized List<Entry> entries() throws IOException {
        return list(dir);
    }

    /**
     * @return true when nothing is spooled
     * @throws IOException when the directory cannot be listed
     */
    public boolean isEmpty() throws IOException {
        return entries().isEmpty();
    }

    /**
     * @param entry a spooled report
     * @return its bytes, as to be sent
     * @throws IOException when it cannot be read, for example because it was dropped meanwhile
     */
    public byte[] read(Entry entry) throws IOException {
        return Files.readAllBytes(entry.file());
    }

    /**
     * Removes a report the API accepted.
     *
     * @param entry the report
     * @throws IOException when it cannot be deleted
     */
    public synchronized void remove(Entry entry) throws IOException {
        Files.deleteIfExists(entry.file());
    }

    /**
     * Moves a report the API refused to {@code rejected/}, out of the way of the others.
     *
     * @param entry the report
     * @throws IOException when it cannot be moved
     */
    public synchronized void reject(Entry entry) throws IOException {
        Files.createDirectories(rejectedDir);
        if (moveTo(rejectedDir, entry)) {
            trimRejected();
        }
    }

    /**
     * Keeps a report the API refused when it was sent directly, for inspection.
     *
     * @param collectedAtMillis when it was collected, ms since the epoch
     * @param reportId its id
     * @param gzippedJson the report as sent
     * @throws IOException when it cannot be written
     */
    public synchronized void addRejected(long collectedAtMillis, UUID reportId, byte[] gzippedJson) throws IOException {
        Files.createDirectories(rejectedDir);
        writeAtomically(rejectedDir, fileName(collectedAtMillis, reportId), gzippedJson);
        trimRejected();
    }

    /**
     * Moves the reports in {@code rejected/} back into the spool, to be sent again oldest first: for
     * reports set aside while the api-key or api-url was wrong. Drops the oldest if they do not fit.
     *
     * @return how many reports were moved back
     * @throws IOException when a report cannot be moved
     */
    public synchronized int requeueRejected() throws IOException {
        int moved = 0;
        for (Entry e : rejected()) {
            if (moveTo(dir, e)) {
                moved++;
            }
        }
        makeRoom(0);
        return moved;
    }

    /**
     * @return the reports in {@code rejected/}, oldest first
     * @throws IOException when the directory cannot be listed
     */
    public synchronized List<Entry> rejected() throws IOException {
        return Files.isDirectory(rejectedDir) ? list(rejectedDir) : List.of();
    }

    /**
     * @return reports dropped to stay under {@code maxBytes} since this spool was opened
     */
    public long droppedCount() {
        return dropped.get();
    }

    /**
     * @return bytes the spooled reports take now
     * @throws IOException when the directory cannot be listed
     */
    public synchronized long sizeBytes() throws IOException {
        return entries().stream().mapToLong(Entry::sizeBytes).sum();
    }

    /**
     * @return the bound, bytes
     */
    public long maxBytes() {
        return maxBytes;
    }

    static String fileName(long collectedAtMillis, UUID reportId) {
        return collectedAtMillis + "-" + reportId + SUFFIX;
    }

    /** @return false when the report was gone already (dropped or trimmed meanwhile) */
    private static boolean moveTo(Path directory, Entry entry) throws IOException {
        try {
            Files.move(
                    entry.file(), directory.resolve(entry.file().getFileName()), StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private void trimRejected() throws IOException {
        List<Entry> rejected = list(rejectedDir);
        long total = rejected.stream().mapToLong(Entry::sizeBytes).sum();
        for (int i = 0; total > maxBytes && i < rejected.size(); i++) {
            Files.deleteIfExists(rejected.get(i).file());
            total -= rejected.get(i).sizeBytes();
        }
    }

    private static List<Entry> list(Path directory) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path f : files) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                try {
                    entries.add(new Entry(f, Long.parseLong(m.group(1)), UUID.fromString(m.group(2)), Files.size(f)));
                } catch (NoSuchFileException e) {
                    // removed while listing
                } catch (IllegalArgumentException e) {
                    LOG.log(Level.FINE, "ignoring {0}: not a spool file name", f);
                }
            }
        }
        entries.sort(Comparator.comparingLong(Entry::collectedAtMillis)
                .thenComparing(e -> e.file().getFileName().toString()));
        return entries;
    }

    private static void writeAtomically(Path directory, String name, byte[] bytes) throws IOException {
        Path temp = directory.resolve(TEMP_PREFIX + name);
        try (FileChannel ch = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            // on disk before the rename makes it a report: a power cut must not leave an empty one
            ch.force(true);
        }
        try {
            Files.move(temp, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }
}
