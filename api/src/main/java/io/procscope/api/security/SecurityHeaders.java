package io.procscope.api.security;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Puts the browser's defences on every response: the dashboard runs only its own scripts and
 * styles (no inline script, so a process name that slipped past escaping still cannot run), is
 * never framed, and never has its responses sniffed into another type or its URLs (host and
 * process names) sent to another site as a referrer.
 *
 * <p>Swagger UI, a page Quarkus ships with an inline script, keeps the other headers but not the
 * script policy; it is behind the read keys like the dashboard.
 */
@ApplicationScoped
class SecurityHeaders {

    /**
     * {@code img-src data:}: Bootstrap's stylesheet draws its icons (check boxes, selects) as data
     * URIs. {@code connect-src 'self'}: the live module's event stream and polling.
     */
    static final String CONTENT_SECURITY_POLICY = String.join(
            "; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    /** Before every other filter, so that refusals and errors carry the headers too. */
    private static final int PRIORITY = 1_000;

    private final String swaggerUi;

    SecurityHeaders(
            @ConfigProperty(name = "quarkus.http.non-application-root-path", defaultValue = "q")
                    String nonApplicationRoot,
            @ConfigProperty(name = "quarkus.swagger-ui.path", defaultValue = "swagger-ui") String swaggerUi) {
        this.swaggerUi = DocumentationAccessFilter.resolve(nonApplicationRoot, swaggerUi);
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    private void filter(RoutingContext context) {
        MultiMap headers = context.response().headers();
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "same-origin");
        String path = context.normalizedPath();
        if (path == null || !path.startsWith(swaggerUi)) {
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        }
        context.next();
    }
}
