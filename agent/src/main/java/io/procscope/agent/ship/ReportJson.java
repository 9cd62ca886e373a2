package io.procscope.agent.ship;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.dto.HostReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The report's JSON on the wire and in the spool: null fields left out (a missing field reads as
 * null), gzip-compressed. Written by {@link ReportWriter}; Jackson's data binding is only for
 * reading reports back (tests, tools) and is loaded only then.
 */
public final class ReportJson {

    private ReportJson() {}

    /** Holds the mapper, so that the agent's loop, which never reads a report, never loads it. */
    private static final class Mapper {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * @return the shared, configured mapper, for reading reports; do not reconfigure it
     */
    public static ObjectMapper mapper() {
        return Mapper.MAPPER;
    }

    /**
     * @param report a report
     * @return its JSON, gzip-compressed
     */
    public static byte[] toGzip(HostReport report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (OutputStream out = new FastGzipOutputStream(bytes)) {
            ReportWriter.write(report, out, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * gzip at level 1: a report of 1100 processes compresses to about 15 % of its JSON at level 6
     * and a little more here, for a fraction of the CPU the agent spends every interval.
     */
    private static final class FastGzipOutputStream extends GZIPOutputStream {
        FastGzipOutputStream(OutputStream out) throws IOException {
            super(out, 8192);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    /**
     * @param gzippedJson what {@link #toGzip} wrote
     * @return the report
     * @throws IOException when the bytes are not gzip-compressed report JSON
     */
    public static HostReport fromGzip(byte[] gzippedJson) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzippedJson))) {
            return mapper().readValue(in, HostReport.class);
        }
    }

    /**
     * @param report a report
     * @return indented JSON, for people
     */
    public static String toPrettyJson(HostReport report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try {
            ReportWriter.write(report, bytes, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
