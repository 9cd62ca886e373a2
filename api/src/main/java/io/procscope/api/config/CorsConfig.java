package io.procscope.api.config;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** Which other sites' pages may call the API from a browser (CORS). */
@ConfigMapping(prefix = "procscope.cors")
public interface CorsConfig {

    /**
     * {@code procscope.cors.origins} ({@code PROCSCOPE_CORS_ORIGINS}): origins whose pages may call
     * the API, comma-separated, each as the browser sends it ({@code https://console.example.com},
     * no path). Unset by default: CORS is off, and a browser lets no other site read an answer.
     * Setting it turns Quarkus' CORS filter on ({@link CorsOrigins}) for GET, POST and DELETE with
     * the {@code Authorization} and {@code Content-Type} headers, without the browser's own
     * credentials: such a page sends a key itself. Behind a proxy that ends TLS, list the dashboard's
     * own public origin too, or let Quarkus read the forwarded scheme
     * ({@code quarkus.http.proxy.proxy-address-forwarding}): the filter refuses, with 403, any
     * origin it neither lists nor sees as this one.
     */
    Optional<List<String>> origins();
}
