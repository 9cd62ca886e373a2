package io.procscope.agent.ship;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.procscope.dto.FileSystemUsage;
import io.procscope.dto.HostInfo;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import io.procscope.dto.SystemMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes a {@link HostReport} as the JSON that Jackson's {@code ObjectMapper} writes for it with
 * null fields left out, straight to a {@link JsonGenerator}. Data binding would load about 500
 * classes into the agent's steady loop, a fifth of its metaspace, to do the same; {@code
 * ReportWriterTest} holds the two outputs equal for every field of the wire contract.
 */
final class ReportWriter {

    /** Shared: a {@link JsonFactory} is thread-safe once configured. Leaves streams open. */
    static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();

    private ReportWriter() {}

    /**
     * @param report the report
     * @param out where its JSON goes; left open
     * @param pretty whether to indent, for people
     * @throws IOException when the stream fails
     */
    static void write(HostReport report, OutputStream out, boolean pretty) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            g.writeStartObject();
            number(g, "schemaVersion", report.schemaVersion());
            string(
                    g,
                    "reportId",
                    report.reportId() == null ? null : report.reportId().toString());
            string(g, "agentVersion", report.agentVersion());
            number(g, "collectedAtMillis", report.collectedAtMillis());
            if (report.host() != null) {
                g.writeFieldName("host");
                host(g, report.host());
            }
            if (report.metrics() != null) {
                g.writeFieldName("metrics");
                metrics(g, report.metrics());
            }
            if (report.processes() != null) {
                g.writeArrayFieldStart("processes");
                for (ProcessInfo p : report.processes()) {
                    process(g, p);
                }
                g.writeEndArray();
            }
            number(g, "intervalMillis", report.intervalMillis());
            g.writeEndObject();
        }
    }

    private static void host(JsonGenerator g, HostInfo h) throws IOException {
        g.writeStartObject();
        string(g, "hostname", h.hostname());
        string(g, "osName", h.osName());
        string(g, "osVersion", h.osVersion());
        string(g, "kernelVersion", h.kernelVersion());
        string(g, "platform", h.platform());
        string(g, "architecture", h.architecture());
        number(g, "cpuCount", h.cpuCount());
        number(g, "memoryTotalBytes", h.memoryTotalBytes());
        number(g, "bootTimeMillis", h.bootTimeMillis());
        g.writeEndObject();
    }

    private static void metrics(JsonGenerator g, SystemMetrics m) throws IOException {
        g.writeStartObject();
        number(g, "cpuPercent", m.cpuPercent());
        number(g, "memoryUsedBytes", m.memoryUsedBytes());
        number(g, "memoryTotalBytes", m.memoryTotalBytes());
        number(g, "swapUsedBytes", m.swapUsedBytes());
        number(g, "swapTotalBytes", m.swapTotalBytes());
        number(g, "load1", m.load1());
        number(g, "load5", m.load5());
        number(g, "load15", m.load15());
        List<FileSystemUsage> fileSystems = m.fileSystems();
        if (fileSystems != null) {
            g.writeArrayFieldStart("fileSystems");
            for (FileSystemUsage fs : fileSystems) {
                g.writeStartObject();
                string(g, "mountPoint", fs.mountPoint());
                string(g, "type", fs.type());
                number(g, "usedBytes", fs.usedBytes());
                number(g, "totalBytes", fs.totalBytes());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        number(g, "networkReceivedBytes", m.networkReceivedBytes());
        number(g, "networkSentBytes", m.networkSentBytes());
        g.writeEndObject();
    }

    private static void process(JsonGenerator g, ProcessInfo p) throws IOException {
        g.writeStartObject();
        number(g, "pid", p.pid());
        number(g, "ppid", p.ppid());
        string(g, "name", p.name());
        string(g, "exe", p.exe());
        string(g, "commandLine", p.commandLine());
        string(g, "user", p.user());
        string(g, "status", p.status() == null ? null : p.status().name());
        number(g, "startTimeMillis", p.startTimeMillis());
        number(g, "cpuPercent", p.cpuPercent());
        number(g, "rssBytes", p.rssBytes());
        number(g, "vmsBytes", p.vmsBytes());
        number(g, "threads", p.threads());
        number(g, "nice", p.nice());
        string(g, "cwd", p.cwd());
        string(g, "containerId", p.containerId());
        string(g, "podUid", p.podUid());
        string(g, "podNamespace", p.podNamespace());
        string(g, "podName", p.podName());
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void number(JsonGenerator g, String name, Integer value) throws IOException {
        if (value != null) {
            g.writeNumberField(name, value.intValue());
        }
    }

    private static void number(JsonGenerator g, String name, Long value) throws IOException {
        if (value != null) {
            g.writeNumberField(name, value.longValue());
        }
    }

    private static void number(JsonGenerator g, String name, Double value) throws IOException {
        if (value != null) {
            g.writeNumberField(name, value.doubleValue());
        }
    }
}
