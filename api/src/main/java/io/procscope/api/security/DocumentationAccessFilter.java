package io.procscope.api.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.api.problem.Problem;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Requires a read key for the API documentation ({@code /q/openapi}, {@code /q/swagger-ui}) when
 * read keys are set. These are HTTP routes, not JAX-RS resources, so {@link ReadAccessFilter} does
 * not see them; health and metrics, the other {@code /q} routes, stay open.
 */
@ApplicationScoped
class DocumentationAccessFilter {

    /** Runs before the routes it guards; the exact value only orders it among other filters. */
    private static final int PRIORITY = 100;

    private final ReadAccess access;
    private final ObjectMapper mapper;
    private final List<String> guarded;

    DocumentationAccessFilter(
            ReadAccess access,
            ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.http.non-application-root-path", defaultValue = "q")
                    String nonApplicationRoot,
            @ConfigProperty(name = "quarkus.smallrye-openapi.path", defaultValue = "openapi") String openApi,
            @ConfigProperty(name = "quarkus.swagger-ui.path", defaultValue = "swagger-ui") String swaggerUi) {
        this.access = access;
        this.mapper = mapper;
        this.guarded = List.of(resolve(nonApplicationRoot, openApi), resolve(nonApplicationRoot, swaggerUi));
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    private void filter(RoutingContext context) {
        if (!access.isProtected() || !isGuarded(context.normalizedPath())) {
            context.next();
            return;
        }
        Optional<Problem> refusal = access.refusal(context.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (refusal.isEmpty()) {
            context.next();
            return;
        }
        context.response()
                .setStatusCode(refusal.get().status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader("WWW-Authenticate", ReadAccess.CHALLENGES)
                .end(toJson(refusal.get()));
    }

    boolean isGuarded(String path) {
        return path != null && guarded.stream().anyMatch(path::startsWith);
    }

    /** A route path as Quarkus resolves it: absolute as given, relative under the {@code /q} root. */
    static String resolve(String nonApplicationRoot, String path) {
        if (path.startsWith("/")) {
            return path;
        }
        String root = nonApplicationRoot.startsWith("/") ? nonApplicationRoot : "/" + nonApplicationRoot;
        return (root.endsWith("/") ? root : root + "/") + path;
    }

    private String toJson(Problem problem) {
        try {
            return mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Problem details always serialize", e);
        }
    }
}
