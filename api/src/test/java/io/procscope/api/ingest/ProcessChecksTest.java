package io.procscope.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.api.problem.Problem.FieldError;
import io.procscope.api.problem.Validation;
import io.procscope.api.support.Reports;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ProcessChecks} answers what Bean Validation answers for {@link ProcessInfo}'s annotations:
 * the cases come from the annotations themselves, so a constraint added to the wire contract and
 * not to the checks fails here.
 */
@QuarkusTest
class ProcessChecksTest {

    private static final RecordComponent[] COMPONENTS = ProcessInfo.class.getRecordComponents();

    /** A process every constraint accepts. */
    private static final ProcessInfo VALID =
            Reports.process(1204, 1, "java", "java -jar app.jar", "app", 1.5, 1L << 30);

    /** Invalid values, and valid values at the edge, of each constraint by the field's type. */
    private static final Map<Class<?>, List<Object>> NEGATIVE_OR_EDGE = Map.of(
            Integer.class, List.of(-1, Integer.MIN_VALUE, 0, Integer.MAX_VALUE),
            Long.class, List.of(-1L, Long.MIN_VALUE, 0L, Long.MAX_VALUE),
            Double.class,
                    List.of(
                            -0.5,
                            -0.0,
                            Double.NaN,
                            Double.NEGATIVE_INFINITY,
                            0.0,
                            Double.MIN_VALUE,
                            Double.POSITIVE_INFINITY));

    @Inject
    Validator validator;

    @Test
    void acceptsAValidProcess() {
        assertThat(ProcessChecks.check(List.of(VALID))).isEmpty();
        assertThat(beanValidation(List.of(VALID))).isEmpty();
    }

    @Test
    void refusesWhatEachAnnotationOfProcessInfoRefusesWithTheSameFieldAndMessage() throws Exception {
        int cases = 0;
        for (int c = 0; c < COMPONENTS.length; c++) {
            RecordComponent component = COMPONENTS[c];
            // Constraints on a record component land on its field (and accessor), not on the component.
            for (Annotation annotation :
                    ProcessInfo.class.getDeclaredField(component.getName()).getAnnotations()) {
                for (Object value : valuesFor(component, annotation)) {
                    List<ProcessInfo> processes = List.of(VALID, with(c, value));
                    assertThat(sorted(ProcessChecks.check(processes)))
                            .as("%s = %s", component.getName(), value)
                            .isEqualTo(beanValidation(processes));
                    cases++;
                }
            }
        }
        assertThat(cases).isGreaterThan(30);
    }

    @Test
    void refusesEveryBadFieldOfEveryProcess() throws Exception {
        ProcessInfo bad = with(0, -3);
        bad = with(bad, "rssBytes", -1L);
        bad = with(bad, "name", "x".repeat(1025));
        bad = with(bad, "startTimeMillis", null);
        List<ProcessInfo> processes = Arrays.asList(VALID, bad, null, with(VALID, "threads", -2));

        List<FieldError> checked = ProcessChecks.check(processes);

        assertThat(checked).hasSize(6);
        assertThat(sorted(checked)).isEqualTo(beanValidation(processes));
        assertThat(checked).contains(new FieldError("processes[2]", "must not be null"));
    }

    @Test
    void refusesMoreProcessesThanAReportMayCarry() {
        List<ProcessInfo> processes = Collections.nCopies(HostReport.MAX_PROCESSES + 1, VALID);

        assertThat(ProcessChecks.check(processes))
                .containsExactly(new FieldError("processes", "size must be between 0 and 100000"))
                .isEqualTo(beanValidation(processes));
        assertThat(ProcessChecks.check(processes.subList(0, HostReport.MAX_PROCESSES)))
                .isEmpty();
    }

    /** What Bean Validation's cascade answers for these processes, as the API words it. */
    private List<FieldError> beanValidation(List<ProcessInfo> processes) {
        HostReport report = Reports.report("checks", processes);
        return sorted(
                validator.validate(report).stream().map(Validation::fieldError).toList());
    }

    private static List<FieldError> sorted(List<FieldError> errors) {
        List<FieldError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
        return sorted;
    }

    private static List<Object> valuesFor(RecordComponent component, Annotation annotation) {
        Class<?> type = component.getType();
        if (annotation instanceof NotNull) {
            return Collections.singletonList(null);
        }
        if (annotation instanceof PositiveOrZero) {
            assertThat(NEGATIVE_OR_EDGE).as("values of %s", type).containsKey(type);
            return NEGATIVE_OR_EDGE.get(type);
        }
        if (annotation instanceof Size size) {
            assertThat(type).isEqualTo(String.class);
            return List.of("x".repeat(size.max() + 1), "x".repeat(size.max()), "é".repeat(size.max() + 1));
        }
        throw new AssertionError("No cases for @" + annotation.annotationType().getSimpleName() + " on "
                + component.getName() + ": ProcessChecks probably lacks its check too");
    }

    private static ProcessInfo with(ProcessInfo p, String field, Object value) throws Exception {
        for (int c = 0; c < COMPONENTS.length; c++) {
            if (COMPONENTS[c].getName().equals(field)) {
                return with(p, c, value);
            }
        }
        throw new IllegalArgumentException(field);
    }

    private static ProcessInfo with(int component, Object value) throws Exception {
        return with(VALID, component, value);
    }

    /** {@code p} with one record component replaced. */
    private static ProcessInfo with(ProcessInfo p, int component, Object value) throws Exception {
        Object[] values = new Object[COMPONENTS.length];
        Class<?>[] types = new Class<?>[COMPONENTS.length];
        for (int c = 0; c < COMPONENTS.length; c++) {
            values[c] = COMPONENTS[c].getAccessor().invoke(p);
            types[c] = COMPONENTS[c].getType();
        }
        values[component] = value;
        Constructor<ProcessInfo> canonical = ProcessInfo.class.getDeclaredConstructor(types);
        return canonical.newInstance(values);
    }
}
