package io.procscope.api.query;

import java.util.List;

/** Processes as CSV (RFC 4180), safe to open in a spreadsheet. */
final class ProcessCsv {

    static final String HEADER = "pid,ppid,name,user,status,cpu_percent,rss_bytes,vms_bytes,threads,nice,"
            + "start_time_millis,exe,cwd,container_id,pod_namespace,pod_name,pod_uid,command_line";

    private ProcessCsv() {}

    static String write(List<ProcessRow> rows) {
        StringBuilder csv = new StringBuilder(HEADER.length() + rows.size() * 160)
                .append(HEADER)
                .append("\r\n");
        for (ProcessRow p : rows) {
            csv.append(p.pid()).append(',');
            csv.append(value(p.ppid())).append(',');
            csv.append(text(p.name())).append(',');
            csv.append(text(p.user())).append(',');
            csv.append(p.status() == null ? "" : p.status().name().toLowerCase(java.util.Locale.ROOT))
                    .append(',');
            csv.append(value(p.cpuPercent())).append(',');
            csv.append(value(p.rssBytes())).append(',');
            csv.append(value(p.vmsBytes())).append(',');
            csv.append(value(p.threads())).append(',');
            csv.append(value(p.nice())).append(',');
            csv.append(p.startTimeMillis()).append(',');
            csv.append(text(p.exe())).append(',');
            csv.append(text(p.cwd())).append(',');
            csv.append(text(p.containerId())).append(',');
            csv.append(text(p.podNamespace())).append(',');
            csv.append(text(p.podName())).append(',');
            csv.append(text(p.podUid())).append(',');
            csv.append(text(p.commandLine())).append("\r\n");
        }
        return csv.toString();
    }

    private static String value(Object v) {
        return v == null ? "" : v.toString();
    }

    /**
     * A text field, quoted where needed. A leading {@code = + - @} would make a spreadsheet run the
     * field as a formula (a process can be named anything): such a field gets a leading quote.
     */
    static String text(String v) {
        if (v == null) {
            return "";
        }
        String safe = !v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
