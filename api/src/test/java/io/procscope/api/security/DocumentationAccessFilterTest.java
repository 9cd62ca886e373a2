package io.procscope.api.security;

import static io.procscope.api.security.DocumentationAccessFilter.resolve;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DocumentationAccessFilterTest {

    @Test
    void resolvesRoutesAsQuarkusDoes() {
        assertThat(resolve("q", "openapi")).isEqualTo("/q/openapi");
        assertThat(resolve("/q", "swagger-ui")).isEqualTo("/q/swagger-ui");
        assertThat(resolve("/internal/", "openapi")).isEqualTo("/internal/openapi");
        assertThat(resolve("q", "/openapi")).isEqualTo("/openapi");
    }
}
