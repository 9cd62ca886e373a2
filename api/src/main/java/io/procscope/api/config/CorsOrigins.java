package io.procscope.api.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import jakarta.annotation.Priority;

/**
 * Turns Quarkus' CORS filter on when {@code procscope.cors.origins} ({@code PROCSCOPE_CORS_ORIGINS})
 * lists origins, and leaves it as configured (off by default) when it does not. A CORS filter on
 * with no origin listed would refuse every cross-origin request with 403, so being on has to follow
 * from there being origins, which no property expression can say. application.properties maps the
 * origins themselves onto {@code quarkus.http.cors.origins}.
 */
@Priority(io.smallrye.config.Priorities.APPLICATION)
public class CorsOrigins implements ConfigSourceInterceptor {

    /** The setting this turns on. */
    static final String ENABLED = "quarkus.http.cors.enabled";

    /** The setting that turns it on. */
    public static final String ORIGINS = "procscope.cors.origins";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if (ENABLED.equals(name)) {
            ConfigValue origins = context.proceed(ORIGINS);
            if (origins != null
                    && origins.getValue() != null
                    && !origins.getValue().isBlank()) {
                return ConfigValue.builder()
                        .withName(name)
                        .withValue("true")
                        .withRawValue("true")
                        .withConfigSourceName(ORIGINS + " (" + origins.getConfigSourceName() + ")")
                        .withConfigSourceOrdinal(origins.getConfigSourceOrdinal())
                        .build();
            }
        }
        return context.proceed(name);
    }
}
