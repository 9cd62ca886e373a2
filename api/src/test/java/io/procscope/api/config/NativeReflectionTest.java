package io.procscope.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.qute.TemplateData;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GraalVM cannot run here, so what the native image keeps for reflection is checked on the JVM:
 * every type that a Jackson mapper of the API's own reads or writes outside a REST signature,
 * and every record it reaches through its components, is registered for reflection; every type a
 * Qute tag or error page reads without a type declaration has a generated value resolver
 * ({@link TemplateData}). The native CI build (native.yml, the *IT tests) is what proves it complete.
 */
class NativeReflectionTest {

    /** What hand-made mappers handle: the class, and where. */
    static final List<String> MAPPED = List.of(
            "io.procscope.dto.HostReport", // ingest.ReportReader
            "io.procscope.dto.EnrollRequest", // identity.EnrollReader
            "io.procscope.dto.EnrollResponse", // identity.EnrollResource
            "io.procscope.dto.FileSystemUsage", // query.HostQueries, ingest.ReportWriter
            "io.procscope.dto.ReportReceipt", // ingest.ReportResource
            "io.procscope.api.admin.HostRename", // admin.AdminHostResource
            "io.procscope.api.alerts.notify.SilenceRequest", // alerts.notify.SilenceResource
            "io.procscope.api.problem.Problem", // every problem answer, security.DocumentationAccessFilter
            "io.procscope.api.query.HostSummary", // events.HostAnnouncer
            "io.procscope.api.alerts.notify.AlertmanagerReceiver$Alert", // alerts.notify.NotificationSender
            "io.procscope.api.alerts.notify.WebhookReceiver$Body",
            "io.procscope.api.alerts.notify.WebhookReceiver$SlackBody");

    /**
     * What ui's tags (processTable, topTable, changesList, windowPicker) and the error page read
     * from untyped parameters.
     */
    static final List<String> READ_BY_UNTYPED_TEMPLATES = List.of(
            "io.procscope.api.problem.Problem",
            "io.procscope.api.problem.Problem$FieldError",
            "io.procscope.api.query.ProcessPage",
            "io.procscope.api.query.ProcessRow",
            "io.procscope.api.dashboard.ProcessFilters",
            "io.procscope.api.dashboard.ProcessFilters$PageLink",
            "io.procscope.api.query.TopProcess",
            "io.procscope.api.query.FleetChangeList$Event",
            "io.procscope.api.query.ProcessChanges$Change",
            "io.procscope.api.dashboard.TimeWindow",
            "io.procscope.api.dashboard.TimeWindow$Preset");

    @ParameterizedTest
    @ValueSource(strings = {"io.procscope.dto.HostReport", "io.procscope.api.problem.Problem"})
    void followsRecordsThroughTheirComponents(String root) throws Exception {
        Set<Class<?>> reached = reachable(Class.forName(root));

        assertThat(reached).as("what %s reaches", root).hasSizeGreaterThan(1);
    }

    @Test
    void keepsEveryRecordAHandMadeMapperReaches() throws Exception {
        Set<String> missing = new TreeSet<>();
        for (String name : MAPPED) {
            for (Class<?> c : reachable(Class.forName(name))) {
                if (!isRegistered(c)) {
                    missing.add(c.getName() + " (reached from " + name + ")");
                }
            }
        }

        assertThat(missing).as("not registered for reflection").isEmpty();
    }

    @Test
    void registersOnlyTypesOfTheWireContractInBulk() {
        Class<?>[] targets = NativeReflection.class
                .getAnnotation(RegisterForReflection.class)
                .targets();

        assertThat(targets).isNotEmpty();
        for (Class<?> c : targets) {
            assertThat(c.getPackageName()).as(c.getName()).isEqualTo("io.procscope.dto");
        }
    }

    @Test
    void givesEveryTypeAnUntypedTemplateReadsAValueResolver() throws Exception {
        Set<String> missing = new TreeSet<>();
        for (String name : READ_BY_UNTYPED_TEMPLATES) {
            if (!Class.forName(name).isAnnotationPresent(TemplateData.class)) {
                missing.add(name);
            }
        }

        assertThat(missing).as("without @TemplateData").isEmpty();
    }

    static boolean isRegistered(Class<?> c) {
        if (c.isAnnotationPresent(RegisterForReflection.class)) {
            return true;
        }
        return List.of(NativeReflection.class
                        .getAnnotation(RegisterForReflection.class)
                        .targets())
                .contains(c);
    }

    /** The class and every procscope record or enum its record components reach, generics included. */
    static Set<Class<?>> reachable(Class<?> root) {
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Type> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Type t = todo.pop();
            if (t instanceof ParameterizedType p) {
                todo.push(p.getRawType());
                todo.addAll(List.of(p.getActualTypeArguments()));
            } else if (t instanceof WildcardType w) {
                todo.addAll(List.of(w.getUpperBounds()));
            } else if (t instanceof GenericArrayType a) {
                todo.push(a.getGenericComponentType());
            } else if (t instanceof Class<?> c) {
                Class<?> type = c.isArray() ? c.getComponentType() : c;
                if (!type.getName().startsWith("io.procscope.") || !seen.add(type)) {
                    continue;
                }
                if (type.isRecord()) {
                    for (RecordComponent rc : type.getRecordComponents()) {
                        todo.push(rc.getGenericType());
                    }
                }
            }
        }
        return seen;
    }
}
