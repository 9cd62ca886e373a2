package io.procscope.api.ingest;

import io.procscope.api.problem.Problem.FieldError;
import io.procscope.dto.FileSystemUsage;
import io.procscope.dto.HostInfo;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import java.util.List;

/**
 * Finds NUL characters in a report's text. PostgreSQL's text cannot hold one, and no field of the
 * wire contract has a use for one (the agent turns /proc's NUL-separated command lines into
 * spaces), so a report that carries one is refused, on both databases alike, naming the field.
 */
final class NulCharacters {

    private static final String MESSAGE = "must not contain a NUL character (\\u0000)";

    private NulCharacters() {}

    /** Adds one error to {@code errors} for each text field of {@code report} that holds a NUL. */
    static void find(HostReport report, List<FieldError> errors) {
        check("agentVersion", report.agentVersion(), errors);
        HostInfo host = report.host();
        if (host != null) {
            check("host.hostname", host.hostname(), errors);
            check("host.osName", host.osName(), errors);
            check("host.osVersion", host.osVersion(), errors);
            check("host.kernelVersion", host.kernelVersion(), errors);
            check("host.platform", host.platform(), errors);
            check("host.architecture", host.architecture(), errors);
        }
        if (report.metrics() != null && report.metrics().fileSystems() != null) {
            List<FileSystemUsage> fileSystems = report.metrics().fileSystems();
            for (int i = 0; i < fileSystems.size(); i++) {
                FileSystemUsage fs = fileSystems.get(i);
                if (fs != null) {
                    check("metrics.fileSystems[" + i + "].mountPoint", fs.mountPoint(), errors);
                    check("metrics.fileSystems[" + i + "].type", fs.type(), errors);
                }
            }
        }
        List<ProcessInfo> processes = report.processes();
        if (processes == null) {
            return;
        }
        for (int i = 0; i < processes.size(); i++) {
            ProcessInfo p = processes.get(i);
            if (p != null && hasNul(p)) {
                String at = "processes[" + i + "].";
                check(at + "name", p.name(), errors);
                check(at + "exe", p.exe(), errors);
                check(at + "commandLine", p.commandLine(), errors);
                check(at + "user", p.user(), errors);
                check(at + "cwd", p.cwd(), errors);
                check(at + "containerId", p.containerId(), errors);
                check(at + "podUid", p.podUid(), errors);
                check(at + "podNamespace", p.podNamespace(), errors);
                check(at + "podName", p.podName(), errors);
            }
        }
    }

    /** The common case without building a field path: one scan of each text of the process. */
    private static boolean hasNul(ProcessInfo p) {
        return has(p.name())
                || has(p.exe())
                || has(p.commandLine())
                || has(p.user())
                || has(p.cwd())
                || has(p.containerId())
                || has(p.podUid())
                || has(p.podNamespace())
                || has(p.podName());
    }

    private static void check(String field, String value, List<FieldError> errors) {
        if (has(value)) {
            errors.add(new FieldError(field, MESSAGE));
        }
    }

    private static boolean has(String value) {
        return value != null && value.indexOf('\0') >= 0;
    }
}
