package io.procscope.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CORS as application.properties and {@link CorsOrigins} configure it, profile by profile: off in
 * production until {@code PROCSCOPE_CORS_ORIGINS} lists origins, on in the tests for theirs.
 */
class CorsOriginsTest {

    @Test
    void isOffInProductionByDefault() throws IOException {
        SmallRyeConfig config = config("prod", Map.of());

        assertThat(config.getOptionalValue(CorsOrigins.ORIGINS, String.class)).isEmpty();
        assertThat(config.getOptionalValues("quarkus.http.cors.origins", String.class))
                .isEmpty();
        assertThat(config.getOptionalValue(CorsOrigins.ENABLED, Boolean.class))
                .isNotEqualTo(java.util.Optional.of(true));
    }

    @Test
    void turnsOnWithTheOriginsOfTheEnvironment() throws IOException {
        SmallRyeConfig config =
                config("prod", Map.of("PROCSCOPE_CORS_ORIGINS", "https://a.example.com,https://b.example.com"));

        assertThat(config.getValue(CorsOrigins.ENABLED, Boolean.class)).isTrue();
        assertThat(config.getValues("quarkus.http.cors.origins", String.class))
                .containsExactly("https://a.example.com", "https://b.example.com");
        assertThat(config.getValues("quarkus.http.cors.methods", String.class))
                .containsExactly("GET", "POST", "DELETE");
    }

    @Test
    void isOnInTheTestsForTheirOrigin() throws IOException {
        SmallRyeConfig config = config("test", Map.of());

        assertThat(config.getValue(CorsOrigins.ENABLED, Boolean.class)).isTrue();
        assertThat(config.getValues("quarkus.http.cors.origins", String.class))
                .isEqualTo(List.of("https://console.example.test"));
    }

    private static SmallRyeConfig config(String profile, Map<String, String> environment) throws IOException {
        URL properties = CorsOriginsTest.class.getResource("/application.properties");
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .addDefaultInterceptors()
                .withInterceptors(new CorsOrigins())
                .withSources(new PropertiesConfigSource(properties), new EnvConfigSource(environment, 300))
                .build();
    }
}
