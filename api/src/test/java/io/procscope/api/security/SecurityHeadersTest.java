package io.procscope.api.security;

import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.store;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every response carries the browser's defences, and no page needs an exception to them. */
@QuarkusTest
class SecurityHeadersTest {

    static final String HOST = uniqueHost("headers");

    /**
     * An inline script, an inline style or an event handler attribute in a tag of rendered markup,
     * once {@link #QUOTED} values are blanked: escaped text (a hostile process name shown as text)
     * holds no raw quote or angle bracket, so only real tags and attributes are left to match.
     */
    private static final Pattern INLINE = Pattern.compile(
            "<script(?![^>]*\\bsrc=)[^>]*>|<style\\b|<[a-z][^>]*\\s(style|on[a-z]+)=", Pattern.CASE_INSENSITIVE);

    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"");

    @BeforeEach
    void storeHost() {
        store(report(HOST, typicalProcesses()));
    }

    static List<String> pages() {
        return List.of(
                "/",
                "/hosts",
                "/hosts/" + HOST,
                "/processes?host=" + HOST,
                "/hosts/" + HOST + "/processes/1",
                "/tree?host=" + HOST,
                "/analytics",
                "/changes",
                "/search?q=java");
    }

    @ParameterizedTest
    @MethodSource("pages")
    void everyPageForbidsForeignAndInlineScripts(String page) {
        Response response = given().get(page);
        assertThat(response.statusCode()).as(page).isEqualTo(200);
        assertDefences(response);
        String csp = response.header("Content-Security-Policy");
        assertThat(csp)
                .contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'");
        assertThat(csp).doesNotContain("unsafe-inline", "unsafe-eval", "*");
        String markup = QUOTED.matcher(response.asString()).replaceAll("\"\"");
        assertThat(INLINE.matcher(markup).results().map(m -> m.group()))
                .as("inline script, style or handler on " + page)
                .isEmpty();
    }

    @Test
    void assetsJsonErrorsAndRefusalsCarryTheHeadersToo() {
        for (String path : List.of(
                "/app/procscope.css", "/app/live.js", "/api/v1/hosts", "/api/v1/hosts/no-such-host", "/no-such-page")) {
            Response response = given().get(path);
            assertDefences(response);
            assertThat(response.header("Content-Security-Policy"))
                    .as(path)
                    .isEqualTo(SecurityHeaders.CONTENT_SECURITY_POLICY);
        }
        Response refusal = given().contentType("application/json").body("{}").post("/api/v1/reports");
        assertThat(refusal.statusCode()).isEqualTo(401);
        assertDefences(refusal);
    }

    @Test
    void swaggerUiKeepsItsInlineScriptButNotTheRest() {
        Response response = given().get("/q/swagger-ui/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertDefences(response);
        assertThat(response.header("Content-Security-Policy")).isNull();
    }

    private static void assertDefences(Response response) {
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("Referrer-Policy")).isEqualTo("same-origin");
    }
}
