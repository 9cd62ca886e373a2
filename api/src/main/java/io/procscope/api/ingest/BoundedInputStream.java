package io.procscope.api.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads at most a set number of bytes, then fails with {@link TooLarge}. The API reads report
 * bodies through it after decompression, so a small gzip body that inflates to gigabytes is
 * refused after the limit, not held whole.
 */
final class BoundedInputStream extends FilterInputStream {

    /** The body is larger than allowed. */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("more than " + limit + " bytes", null);
        }
    }

    private final long limit;
    private long read;

    /** Whether {@code error}, or anything that caused it, is a {@link TooLarge}. */
    static boolean isCauseOf(Throwable error) {
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof TooLarge) {
                return true;
            }
        }
        return false;
    }

    BoundedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) throws TooLarge {
        read += n;
        if (read > limit) {
            throw new TooLarge(limit);
        }
    }
}
