package io.procscope.api.problem;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Turns bean-validation violations into problem details, one field error each. */
public final class Validation {

    private static final int MAX_ERRORS = 20;

    private Validation() {}

    /** A 400 problem listing the violations, at most {@value #MAX_ERRORS} of them, sorted by field. */
    public static Problem problem(Set<? extends ConstraintViolation<?>> violations) {
        return problem(violations.stream().map(Validation::fieldError).toList());
    }

    /**
     * A 400 problem listing field errors, at most {@value #MAX_ERRORS} of them, sorted by field:
     * for checks written out where Bean Validation costs too much, mixed with its violations.
     */
    public static Problem problem(List<Problem.FieldError> errors) {
        List<Problem.FieldError> listed = errors.stream()
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .limit(MAX_ERRORS)
                .toList();
        return new Problem(
                "about:blank",
                Response.Status.BAD_REQUEST.getReasonPhrase(),
                Response.Status.BAD_REQUEST.getStatusCode(),
                detail(errors),
                listed);
    }

    /** The detail of {@link #problem(List)}: the one field and what is wrong with it, or how many fields. */
    public static String detail(List<Problem.FieldError> errors) {
        return errors.size() == 1
                ? "Field '%s' %s."
                        .formatted(errors.get(0).field(), errors.get(0).message())
                : "%d fields are invalid.".formatted(errors.size());
    }

    /** A violation as a field error: its path as a person writes it, and its message. */
    public static Problem.FieldError fieldError(ConstraintViolation<?> violation) {
        return new Problem.FieldError(field(violation.getPropertyPath()), violation.getMessage());
    }

    /** A property path as a person writes it: {@code processes[3].pid}. */
    static String field(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == jakarta.validation.ElementKind.METHOD
                    || node.getKind() == jakarta.validation.ElementKind.PARAMETER) {
                continue;
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(node.getName());
            }
        }
        return field.toString();
    }
}
