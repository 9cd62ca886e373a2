package io.procscope.api.ingest;

import io.procscope.api.problem.Problem.FieldError;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The constraints that {@link ProcessInfo}'s annotations declare, written out, with Bean
 * Validation's messages and paths ({@code processes[3].pid}).
 *
 * <p>Cascading Bean Validation into the 500 processes of a typical report took about 3 ms of the
 * API's CPU per report, 30% of ingest; these checks take microseconds. The annotations stay on the
 * wire contract, where they document it and shape the OpenAPI schema; {@code ProcessChecksTest}
 * derives its cases from them, so a constraint added there and not here fails the build.
 */
final class ProcessChecks {

    static final String NOT_NULL = "must not be null";
    static final String NOT_NEGATIVE = "must be greater than or equal to 0";

    private ProcessChecks() {}

    /**
     * Every violated constraint of the report's process list and of its processes, in list order;
     * empty when they are valid. A null list is the report's own {@code @NotNull}'s business.
     */
    static List<FieldError> check(List<ProcessInfo> processes) {
        List<FieldError> errors = new ArrayList<>(0);
        if (processes == null) {
            return errors;
        }
        if (processes.size() > HostReport.MAX_PROCESSES) {
            errors.add(new FieldError("processes", size(HostReport.MAX_PROCESSES)));
        }
        for (int i = 0; i < processes.size(); i++) {
            ProcessInfo p = processes.get(i);
            if (p == null) {
                errors.add(new FieldError("processes[" + i + "]", NOT_NULL));
                continue;
            }
            required(errors, i, "pid", p.pid());
            notNegative(errors, i, "pid", p.pid());
            notNegative(errors, i, "ppid", p.ppid());
            maxLength(errors, i, "name", p.name(), ProcessInfo.MAX_NAME_LENGTH);
            maxLength(errors, i, "exe", p.exe(), ProcessInfo.MAX_PATH_LENGTH);
            maxLength(errors, i, "commandLine", p.commandLine(), ProcessInfo.MAX_COMMAND_LINE_LENGTH);
            maxLength(errors, i, "user", p.user(), ProcessInfo.MAX_USER_LENGTH);
            required(errors, i, "startTimeMillis", p.startTimeMillis());
            notNegative(errors, i, "startTimeMillis", p.startTimeMillis());
            notNegative(errors, i, "cpuPercent", p.cpuPercent());
            notNegative(errors, i, "rssBytes", p.rssBytes());
            notNegative(errors, i, "vmsBytes", p.vmsBytes());
            notNegative(errors, i, "threads", p.threads());
            maxLength(errors, i, "cwd", p.cwd(), ProcessInfo.MAX_PATH_LENGTH);
            maxLength(errors, i, "containerId", p.containerId(), ProcessInfo.MAX_CONTAINER_ID_LENGTH);
            maxLength(errors, i, "podUid", p.podUid(), ProcessInfo.MAX_POD_UID_LENGTH);
            maxLength(errors, i, "podNamespace", p.podNamespace(), ProcessInfo.MAX_POD_NAMESPACE_LENGTH);
            maxLength(errors, i, "podName", p.podName(), ProcessInfo.MAX_POD_NAME_LENGTH);
        }
        return errors;
    }

    private static void required(List<FieldError> errors, int index, String field, Object value) {
        if (value == null) {
            errors.add(error(index, field, NOT_NULL));
        }
    }

    private static void notNegative(List<FieldError> errors, int index, String field, Integer value) {
        if (value != null && value < 0) {
            errors.add(error(index, field, NOT_NEGATIVE));
        }
    }

    private static void notNegative(List<FieldError> errors, int index, String field, Long value) {
        if (value != null && value < 0) {
            errors.add(error(index, field, NOT_NEGATIVE));
        }
    }

    private static void notNegative(List<FieldError> errors, int index, String field, Double value) {
        // As Hibernate Validator's @PositiveOrZero: NaN and -0.0 (Double.compare puts it below 0.0)
        // are refused too.
        if (value != null && (value.isNaN() || Double.compare(value, 0.0) < 0)) {
            errors.add(error(index, field, NOT_NEGATIVE));
        }
    }

    private static void maxLength(List<FieldError> errors, int index, String field, String value, int max) {
        if (value != null && value.length() > max) {
            errors.add(error(index, field, size(max)));
        }
    }

    private static FieldError error(int index, String field, String message) {
        return new FieldError("processes[" + index + "]." + field, message);
    }

    private static String size(int max) {
        return "size must be between 0 and " + max;
    }
}
