package io.procscope.api.domain;

import io.procscope.dto.ProcessStatus;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Encodes a host's processes into one compact value: a version byte, then for each process a
 * bit set of the fields present and those fields, all deflated. 500 processes take about 15 KiB,
 * and encode or decode in well under a millisecond, far cheaper than 500 rows.
 *
 * <p>Versions: 1 without container attribution; 2 appends the container id, pod UID, namespace and
 * name after the other fields. Both decode: a host's row is only rewritten by its next report, so
 * rows of version 1 stay in the database after an upgrade.
 */
public final class StateCodec {

    /** The version written. */
    static final int VERSION = 2;

    /** The oldest version still read. */
    private static final int OLDEST_VERSION = 1;

    private static final StatusCode CODES = new StatusCode();

    private StateCodec() {}

    public static byte[] encode(List<TrackedProcess> processes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + processes.size() * 48);
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(new DeflaterOutputStream(bytes, deflater, 8192), 8192))) {
            out.writeByte(VERSION);
            out.writeInt(processes.size());
            for (TrackedProcess p : processes) {
                write(out, p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return bytes.toByteArray();
    }

    public static List<TrackedProcess> decode(byte[] encoded) {
        Inflater inflater = new Inflater();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                new InflaterInputStream(new ByteArrayInputStream(encoded), inflater, 8192), 8192))) {
            int version = in.readUnsignedByte();
            if (version < OLDEST_VERSION || version > VERSION) {
                throw new IllegalStateException("Unknown host state encoding version " + version);
            }
            boolean attributed = version >= 2;
            int count = in.readInt();
            List<TrackedProcess> processes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                processes.add(read(in, attributed));
            }
            return processes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            inflater.end();
        }
    }

    private static void write(DataOutputStream out, TrackedProcess p) throws IOException {
        Object[] nullable = {
            p.ppid(),
            p.name(),
            p.exe(),
            p.commandLine(),
            p.user(),
            p.cwd(),
            p.status(),
            p.cpuPercent(),
            p.rssBytes(),
            p.vmsBytes(),
            p.threads(),
            p.nice(),
            p.recordedStatus(),
            p.recordedCpuPercent(),
            p.recordedRssBytes(),
            p.recordedThreads(),
            p.recordedNice(),
            // Version 2: after the fields of version 1, so their bits and order are unchanged.
            p.containerId(),
            p.podUid(),
            p.podNamespace(),
            p.podName()
        };
        int present = 0;
        for (int i = 0; i < nullable.length; i++) {
            if (nullable[i] != null) {
                present |= 1 << i;
            }
        }
        out.writeInt(present);
        out.writeInt(p.pid());
        out.writeLong(p.startTimeMillis());
        out.writeLong(p.recordedAtMillis());
        for (Object value : nullable) {
            if (value instanceof Integer n) {
                out.writeInt(n);
            } else if (value instanceof Long n) {
                out.writeLong(n);
            } else if (value instanceof Double n) {
                out.writeDouble(n);
            } else if (value instanceof String s) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            } else if (value instanceof ProcessStatus s) {
                // The state's letter, not its ordinal: stable when states are added.
                out.writeByte(CODES.convertToDatabaseColumn(s).charAt(0));
            }
        }
    }

    private static TrackedProcess read(DataInputStream in, boolean attributed) throws IOException {
        int present = in.readInt();
        int pid = in.readInt();
        long start = in.readLong();
        long recordedAt = in.readLong();
        Field f = new Field(in, present);
        Integer ppid = f.integer();
        String name = f.string();
        String exe = f.string();
        String commandLine = f.string();
        String user = f.string();
        String cwd = f.string();
        ProcessStatus status = f.status();
        Double cpuPercent = f.decimal();
        Long rssBytes = f.longValue();
        Long vmsBytes = f.longValue();
        Integer threads = f.integer();
        Integer nice = f.integer();
        ProcessStatus recordedStatus = f.status();
        Double recordedCpuPercent = f.decimal();
        Long recordedRssBytes = f.longValue();
        Integer recordedThreads = f.integer();
        Integer recordedNice = f.integer();
        String containerId = attributed ? f.string() : null;
        String podUid = attributed ? f.string() : null;
        String podNamespace = attributed ? f.string() : null;
        String podName = attributed ? f.string() : null;
        return new TrackedProcess(
                pid,
                ppid,
                start,
                name,
                exe,
                commandLine,
                user,
                cwd,
                containerId,
                podUid,
                podNamespace,
                podName,
                status,
                cpuPercent,
                rssBytes,
                vmsBytes,
                threads,
                nice,
                recordedAt,
                recordedStatus,
                recordedCpuPercent,
                recordedRssBytes,
                recordedThreads,
                recordedNice);
    }

    /** Reads the nullable fields in order, each only where its bit is set. */
    private static final class Field {
        private final DataInputStream in;
        private final int present;
        private int index;

        Field(DataInputStream in, int present) {
            this.in = in;
            this.present = present;
        }

        private boolean next() {
            return (present & (1 << index++)) != 0;
        }

        Integer integer() throws IOException {
            return next() ? in.readInt() : null;
        }

        Long longValue() throws IOException {
            return next() ? in.readLong() : null;
        }

        Double decimal() throws IOException {
            return next() ? in.readDouble() : null;
        }

        String string() throws IOException {
            if (!next()) {
                return null;
            }
            byte[] utf8 = new byte[in.readInt()];
            in.readFully(utf8);
            return new String(utf8, StandardCharsets.UTF_8);
        }

        ProcessStatus status() throws IOException {
            if (!next()) {
                return null;
            }
            return CODES.convertToEntityAttribute(String.valueOf((char) in.readUnsignedByte()));
        }
    }
}
