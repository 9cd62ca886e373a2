package io.procscope.agent.ship;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The host's credential on disk: {@code {"hostname":"web-1","credential":"psh_...",
 * "enrolledAtMillis":1764633600000}}, mode 0600 in a directory of mode 0700, where the file system
 * has POSIX permissions. Written to a temporary file, flushed to the disk and renamed, so a crash
 * leaves the old credential or the new one, never half of one. Not thread-safe.
 *
 * <p>Beside it, {@code <credential-file>.enrollment} holds the enrollment under way: {@code
 * {"hostname":"web-1","enrollmentId":"..."}}, the random id sent with every attempt of one
 * enrollment, written the same way before the first attempt and deleted once a report is accepted
 * with the credential it got. A retry after a restart sends the same id, so the API can answer it
 * even when it stored the credential of an attempt whose answer was lost.
 *
 * <p>A missing directory is created 0700. An existing one open to group or others is tightened to
 * 0700 when it is the agent's own ({@code ownDirectory}: the state home, or the spool directory it
 * shares), and otherwise only warned about: a directory the operator chose may hold other things.
 */
final class CredentialFile {

    private static final Logger LOG = Logger.getLogger(CredentialFile.class.getName());

    /** A credential file is a few hundred bytes; a larger one is not ours. */
    private static final long MAX_BYTES = 16 * 1024;

    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final Path enrollmentFile;
    private final boolean ownDirectory;
    private boolean directoryWarned;

    /**
     * @param file the {@code credential-file} setting
     * @param ownDirectory whether its directory is the agent's own, to tighten to 0700 if need be
     */
    CredentialFile(Path file, boolean ownDirectory) {
        this.file = file;
        this.enrollmentFile = file.resolveSibling(file.getFileName() + ".enrollment");
        this.ownDirectory = ownDirectory;
    }

    /**
     * @return the file
     */
    Path path() {
        return file;
    }

    /**
     * @return the file of the enrollment under way, beside the credential file
     */
    Path enrollmentPath() {
        return enrollmentFile;
    }

    /**
     * Reads the credential, tightening a file open to group or others to 0600.
     *
     * @return the credential; empty when there is no file
     * @throws IOException when the file cannot be read or is not a credential file
     */
    Optional<Credential> read() throws IOException {
        Optional<Map<String, String>> read = fields(file, "credential file");
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> fields = read.get();
        String hostname = fields.get("hostname");
        String token = fields.get("credential");
        if (hostname == null || hostname.isBlank() || !Credential.isUsable(token)) {
            throw new IOException("no hostname and credential in it");
        }
        long enrolledAt;
        try {
            enrolledAt = Long.parseLong(fields.getOrDefault("enrolledAtMillis", "0"));
        } catch (NumberFormatException e) {
            enrolledAt = 0;
        }
        tighten(file, OWNER_FILE, true);
        return Optional.of(new Credential(hostname, token, enrolledAt));
    }

    /**
     * Reads the enrollment under way.
     *
     * @return it; empty when there is no file
     * @throws IOException when the file cannot be read or is not one of an enrollment
     */
    Optional<PendingEnrollment> readEnrollment() throws IOException {
        Optional<Map<String, String>> read = fields(enrollmentFile, "enrollment file");
        if (read.isEmpty()) {
            return Optional.empty();
        }
        String hostname = read.get().get("hostname");
        String id = read.get().get("enrollmentId");
        if (hostname == null || hostname.isBlank() || !PendingEnrollment.isValidId(id)) {
            throw new IOException("no hostname and enrollment id in it");
        }
        tighten(enrollmentFile, OWNER_FILE, true);
        return Optional.of(new PendingEnrollment(hostname, id));
    }

    /**
     * Writes the enrollment under way, before its first attempt: 0600, in a 0700 directory, atomically.
     *
     * @param enrollment the enrollment
     * @throws IOException when it cannot be written
     */
    void writeEnrollment(PendingEnrollment enrollment) throws IOException {
        writeAtomically(enrollmentFile, json(enrollment));
    }

    /**
     * Deletes the file of the enrollment under way, once a report was accepted with its credential.
     *
     * @throws IOException when it cannot be deleted
     */
    void deleteEnrollment() throws IOException {
        Files.deleteIfExists(enrollmentFile);
    }

    /** The scalar fields of a small JSON file; empty when there is no file. */
    private static Optional<Map<String, String>> fields(Path path, String what) throws IOException {
        byte[] bytes;
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw new IOException("larger than " + MAX_BYTES + " bytes: not a " + what);
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(ReportClient.scalarFields(bytes));
        } catch (IOException e) {
            // never the content: it may be a secret all the same
            throw new IOException("not the JSON of a " + what);
        }
    }

    /**
     * Writes the credential: 0600, in a 0700 directory, atomically.
     *
     * @param credential the credential
     * @throws IOException when it cannot be written
     */
    void write(Credential credential) throws IOException {
        writeAtomically(file, json(credential));
    }

    /** Writes {@code content} to {@code target}: 0600, in a 0700 directory, flushed to the disk, renamed. */
    private void writeAtomically(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
            } else {
                Files.createDirectories(dir);
            }
        } else if (posix) {
            tighten(dir, OWNER_DIR, ownDirectory);
        }
        // not the spool's ".tmp-" prefix: the spool may share this directory and clears those at start
        Path temp = dir.resolve("." + target.getFileName() + ".new");
        Files.deleteIfExists(temp);
        try {
            try (FileChannel ch = posix
                    ? FileChannel.open(
                            temp,
                            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                            PosixFilePermissions.asFileAttribute(OWNER_FILE))
                    : FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                // on the disk before the rename makes it the credential: a power cut must not leave an empty one
                ch.force(true);
            }
            if (posix) {
                Files.setPosixFilePermissions(temp, OWNER_FILE); // whatever the umask
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static byte[] json(Credential credential) throws IOException {
        return jsonLine(g -> {
            g.writeStringField("hostname", credential.hostname());
            g.writeStringField("credential", credential.token());
            g.writeNumberField("enrolledAtMillis", credential.enrolledAtMillis());
        });
    }

    static byte[] json(PendingEnrollment enrollment) throws IOException {
        return jsonLine(g -> {
            g.writeStringField("hostname", enrollment.hostname());
            g.writeStringField("enrollmentId", enrollment.id());
        });
    }

    /** The fields of one object, as the file holds it: one JSON object and a line break. */
    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] jsonLine(Fields fields) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = ReportWriter.JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** Takes group and other permissions away from {@code path} if it has any, or says so once. */
    private void tighten(Path path, Set<PosixFilePermission> wanted, boolean allowed) {
        if (!path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(path);
            if (wanted.containsAll(now)) {
                return;
            }
            if (allowed) {
                Files.setPosixFilePermissions(path, wanted);
                LOG.info("made " + path + " " + PosixFilePermissions.toString(wanted) + " (was "
                        + PosixFilePermissions.toString(now) + "): it holds the host's credential");
            } else if (!directoryWarned) {
                directoryWarned = true;
                LOG.warning(path + " is open to other users (" + PosixFilePermissions.toString(now)
                        + "); the credential file in it is 0600, but its directory should be 0700");
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warning("cannot check or set the permissions of " + path + ": " + e);
        }
    }
}
