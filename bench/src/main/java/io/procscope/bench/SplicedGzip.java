package io.procscope.bench;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip body made of a large part that stays the same from one send to the next and a small tail
 * that changes (a report's id, time and host), without compressing the large part again: it is
 * deflated once, ending on a sync flush, and each tail is deflated on its own and appended, with
 * the checksum carried on from the large part's. So fifty simulated hosts can send fresh 16 MB
 * reports for minutes while the generator spends its CPU on HTTP.
 */
final class SplicedGzip {

    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final int[] CRC_TABLE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            CRC_TABLE[n] = c;
        }
    }

    private final byte[] deflated;
    private final int crc;
    private final long length;

    private SplicedGzip(byte[] deflated, int crc, long length) {
        this.deflated = deflated;
        this.crc = crc;
        this.length = length;
    }

    /** The large part, deflated once, as the agent deflates (gzip's default level). */
    static SplicedGzip of(byte[] fixed) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream(fixed.length / 6);
        byte[] buffer = new byte[1 << 16];
        try {
            deflater.setInput(fixed);
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer, 0, buffer.length, Deflater.NO_FLUSH));
            }
            // A sync flush ends the blocks on a byte boundary without a final block: more may follow.
            int n;
            do {
                n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                out.write(buffer, 0, n);
            } while (n == buffer.length);
        } finally {
            deflater.end();
        }
        CRC32 crc = new CRC32();
        crc.update(fixed);
        return new SplicedGzip(out.toByteArray(), (int) crc.getValue(), fixed.length);
    }

    /** Bytes of the large part, uncompressed. */
    long fixedLength() {
        return length;
    }

    /** A whole gzip body: the large part, then {@code tail}. */
    byte[] with(byte[] tail) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER.length + deflated.length + tail.length + 64);
        out.write(HEADER, 0, HEADER.length);
        out.write(deflated, 0, deflated.length);
        byte[] buffer = new byte[4096];
        try {
            deflater.setInput(tail);
            deflater.finish();
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        } finally {
            deflater.end();
        }
        int c = ~crc;
        for (byte b : tail) {
            c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
        }
        writeIntLittleEndian(out, ~c);
        writeIntLittleEndian(out, (int) (length + tail.length));
        return out.toByteArray();
    }

    private static void writeIntLittleEndian(ByteArrayOutputStream out, int value) {
        for (int i = 0; i < 4; i++) {
            out.write((value >>> (8 * i)) & 0xff);
        }
    }
}
