package io.procscope.api.dashboard;

import io.procscope.api.query.ProcessQuery;
import io.procscope.api.query.ProcessRow;
import io.procscope.dto.ProcessStatus;
import io.quarkus.qute.TemplateExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Numbers and times formatted for people, for the templates: {@code {fmt:bytes(p.rssBytes)}}. */
@TemplateExtension(namespace = "fmt")
public final class Formats {

    private static final String UNKNOWN = "—";
    /** Hex digits of a short container id. */
    private static final int SHORT_ID = 12;

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Formats() {}

    /** A column of the processes table: the sort key the API takes, its header, its alignment. */
    public record Column(String key, String label, String css) {}

    /** The processes table's sortable columns, in order. */
    public static List<Column> processColumns() {
        return PROCESS_COLUMNS;
    }

    private static final List<Column> PROCESS_COLUMNS = List.of(
            new Column("pid", "PID", "text-end"),
            new Column("name", "Name", ""),
            new Column("user", "User", ""),
            new Column("status", "Status", ""),
            new Column("cpu", "CPU", "text-end"),
            new Column("memory", "RSS", "text-end"),
            new Column("threads", "Threads", "text-end"),
            new Column("start", "Started", ""));

    /** A process state's name for a CSS class: {@code disk_sleep}; {@code unknown} for none. */
    public static String statusName(ProcessStatus status) {
        return status == null ? "unknown" : status.name().toLowerCase(Locale.ROOT);
    }

    /** A process state for people: {@code disk sleep}. */
    public static String statusLabel(ProcessStatus status) {
        return statusName(status).replace('_', ' ');
    }

    /** {@code 1536} as {@code 1.5 KiB}; binary units, as {@code free -h} and htop show them. */
    public static String bytes(Long bytes) {
        if (bytes == null) {
            return UNKNOWN;
        }
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0
                ? bytes + " B"
                : String.format(Locale.ROOT, value >= 100 ? "%.0f %s" : "%.1f %s", value, UNITS[unit]);
    }

    /** {@code 12.345} as {@code 12.3 %}. */
    public static String percent(Double percent) {
        return percent == null ? UNKNOWN : String.format(Locale.ROOT, "%.1f %%", percent);
    }

    /** A decimal with two places, for load averages. */
    public static String number(Double value) {
        return value == null ? UNKNOWN : String.format(Locale.ROOT, "%.2f", value);
    }

    /** A time as {@code 3 h ago}, relative to now. */
    public static String ago(Long epochMillis) {
        return epochMillis == null ? UNKNOWN : ago(epochMillis, System.currentTimeMillis());
    }

    static String ago(long epochMillis, long nowMillis) {
        Duration age = Duration.ofMillis(nowMillis - epochMillis);
        if (age.isNegative() || age.toSeconds() < 5) {
            return "just now";
        }
        if (age.toMinutes() < 1) {
            return age.toSeconds() + " s ago";
        }
        if (age.toHours() < 1) {
            return age.toMinutes() + " min ago";
        }
        if (age.toDays() < 2) {
            return age.toHours() + " h ago";
        }
        return age.toDays() + " days ago";
    }

    /** A time to come as {@code in 45 min}, relative to now. */
    public static String fromNow(Long epochMillis) {
        return epochMillis == null ? UNKNOWN : fromNow(epochMillis, System.currentTimeMillis());
    }

    static String fromNow(long epochMillis, long nowMillis) {
        Duration left = Duration.ofMillis(epochMillis - nowMillis);
        if (left.toSeconds() < 60) {
            return left.isNegative() || left.isZero() ? "now" : "in " + Math.max(1, left.toSeconds()) + " s";
        }
        if (left.toHours() < 1) {
            return "in " + (left.toMinutes() + (left.toSecondsPart() > 0 ? 1 : 0)) + " min";
        }
        if (left.toDays() < 2) {
            return "in " + left.toHours() + " h"
                    + (left.toMinutesPart() > 0 ? " " + left.toMinutesPart() + " min" : "");
        }
        return "in " + left.toDays() + " days";
    }

    /** A rate in bytes per second, as {@code 1.5 MiB/s}. */
    public static String rate(Double bytesPerSecond) {
        return bytesPerSecond == null ? UNKNOWN : bytes(Math.round(bytesPerSecond)) + "/s";
    }

    /** A share of a whole, {@code 0} to {@code 100}; {@code 0} where unknown, for progress bars. */
    public static long share(Long part, Long whole) {
        return part == null || whole == null || whole <= 0 ? 0 : Math.max(0, Math.min(100, 100 * part / whole));
    }

    /**
     * A value for a query string or a path segment, percent-encoded: {@code a b&c} as {@code
     * a%20b%26c}. Qute escapes HTML; this keeps user text from changing a URL's structure.
     */
    public static String url(Object value) {
        return value == null
                ? ""
                : URLEncoder.encode(value.toString(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The first 12 hex digits of a container id, as {@code docker ps} shows it; empty for none. */
    public static String shortId(String containerId) {
        if (containerId == null) {
            return "";
        }
        return containerId.length() <= SHORT_ID ? containerId : containerId.substring(0, SHORT_ID);
    }

    /**
     * A process's pod for people: {@code namespace/name}, the name alone, or the UID where the
     * agent could not learn the name; empty outside a pod.
     */
    public static String podLabel(ProcessRow p) {
        if (p.podName() != null) {
            return p.podNamespace() == null ? p.podName() : p.podNamespace() + "/" + p.podName();
        }
        return p.podUid() == null ? "" : p.podUid();
    }

    /**
     * The processes page of {@code hostname} narrowed to the pod of {@code p}: by {@code
     * namespace/name} where known, else by UID; null outside a pod, or when its names could not be
     * a filter (Kubernetes would not accept them: a broken or hostile agent sent them).
     */
    public static String podLink(String hostname, ProcessRow p) {
        String byName = p.podNamespace() == null || p.podName() == null ? null : p.podNamespace() + "/" + p.podName();
        String pod =
                ProcessQuery.isPodFilter(byName) ? byName : ProcessQuery.isPodFilter(p.podUid()) ? p.podUid() : null;
        return pod == null ? null : ProcessFilters.link(hostname, "", pod);
    }

    /** The processes page of {@code hostname} narrowed to the container of {@code p}; null outside one. */
    public static String containerLink(String hostname, ProcessRow p) {
        String prefix = shortId(p.containerId());
        return ProcessQuery.isContainerFilter(prefix) ? ProcessFilters.link(hostname, prefix, "") : null;
    }

    /** The path of a host's page: {@code /hosts/NAME}, the name encoded. */
    public static String hostPath(String hostname) {
        return "/hosts/" + url(hostname);
    }

    /** The path of a process's page, without its start time. */
    public static String processPath(String hostname, int pid) {
        return hostPath(hostname) + "/processes/" + pid;
    }

    /** {@code path?}: a base for links that append {@code name=value} pairs. */
    public static String linkBase(String path) {
        return path + "?";
    }

    /** {@code path?k=v&}, the pair left out when its value is empty. */
    public static String linkBase1(String path, String k, Object v) {
        return linkBase(path) + pair(k, v);
    }

    /** {@code path?k1=v1&k2=v2&}, each pair left out when its value is empty. */
    public static String linkBase2(String path, String k1, Object v1, String k2, Object v2) {
        return linkBase(path) + pair(k1, v1) + pair(k2, v2);
    }

    private static String pair(String k, Object v) {
        return v == null || v.toString().isEmpty() ? "" : k + "=" + url(v) + "&";
    }

    /** A time as {@code 2026-11-26 10:34:08 UTC}. */
    public static String isoTime(Long epochMillis) {
        return epochMillis == null ? UNKNOWN : ISO.format(Instant.ofEpochMilli(epochMillis));
    }
}
