package io.procscope.api.dashboard;

import static io.procscope.api.support.Reports.AGENT_KEY;
import static io.procscope.api.support.Reports.process;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.dto.HostReport;
import io.procscope.dto.ProcessInfo;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rendered HTML of each page, with data stored through the real ingest endpoint. */
@QuarkusTest
class DashboardPagesTest {

    static final String HOSTILE_NAME = "<img src=x onerror=alert(1)>";
    static final String HOSTILE_COMMAND = "evil \"><script>alert(2)</script>";

    @Inject
    ObjectMapper json;

    String host;

    @BeforeEach
    void storeReport() throws Exception {
        host = uniqueHost("page");
        List<ProcessInfo> processes = new ArrayList<>(typicalProcesses());
        processes.add(process(6666, 1, HOSTILE_NAME, HOSTILE_COMMAND, "mallory", 0.5, 1L << 20));
        HostReport report = report(host, processes);
        given().header("Authorization", "Bearer " + AGENT_KEY)
                .contentType(ContentType.JSON)
                .body(json.writeValueAsString(report))
                .post("/api/v1/reports")
                .then()
                .statusCode(202);
    }

    @Test
    void overviewShowsFleetTotalsAndHostCards() {
        String html = page("/");

        assertThat(html).contains("<title>Overview · procscope</title>");
        assertThat(html).contains("href=\"/hosts/" + host + "\"");
        assertThat(html).contains("data-testid=\"hosts-reporting\"");
        assertThat(html).containsPattern("aria-current=\"page\" href=\"/\"");
    }

    @Test
    void hostsPageListsEveryHostWithStatusAndSystemInfo() {
        String html = page("/hosts");

        assertThat(html).contains("<a href=\"/hosts/" + host + "\" class=\"fw-semibold\">" + host + "</a>");
        assertThat(html).contains("reporting");
        assertThat(html).contains("Debian GNU/Linux");
        assertThat(html).contains("24.0 GiB");
    }

    @Test
    void hostPageShowsSystemMetricsAndProcessTable() {
        String html = page("/hosts/" + host);

        assertThat(html).contains("data-testid=\"process-table\"");
        assertThat(html).contains("<span class=\"badge text-bg-secondary\" data-testid=\"process-count\">5</span>");
        assertThat(html).contains("java -Xmx2g -jar app.jar --server.port=8080");
        assertThat(html).contains("1.5 GiB"); // the java process's RSS
        assertThat(html).contains("87.5 %");
        assertThat(html).contains("kernel 6.1.0-18-amd64");
    }

    @Test
    void processesPageShowsTheChosenHost() {
        String html = page("/processes?host=" + host);

        assertThat(html).contains("<option value=\"" + host + "\" selected>");
        assertThat(html).contains("data-testid=\"process-table\"");
        assertThat(html).contains("postgres -D /var/lib/postgresql/15/main");
    }

    @Test
    void hostileProcessNamesStayText() {
        for (String path : List.of("/hosts/" + host, "/processes?host=" + host)) {
            String html = page(path);

            assertThat(html).doesNotContain(HOSTILE_NAME).doesNotContain("<script>alert(2)");
            assertThat(html).contains("&lt;img src=x onerror=alert(1)&gt;");
            assertThat(html).contains("evil &quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;");
        }
    }

    @Test
    void unknownHostPageIsNotFound() {
        given().get("/hosts/never-reported").then().statusCode(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/tree", "/analytics"})
    void laterPagesSayTheyAreNotBuiltYet(String path) {
        assertThat(page(path)).contains("This page is not built yet");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/_static/bootstrap/dist/css/bootstrap.min.css",
                "/_static/bootstrap/dist/js/bootstrap.bundle.min.js",
                "/webjars/font-awesome/css/all.min.css",
                "/webjars/font-awesome/webfonts/fa-solid-900.woff2",
                "/webjars/chart.js/dist/chart.umd.min.js",
                "/app/procscope.css",
                "/app/theme.js"
            })
    void servesEveryAssetItselfWithoutACdn(String path) {
        given().get(path).then().statusCode(200);
    }

    @Test
    void pagesLoadNothingFromOtherOrigins() {
        String html = page("/hosts/" + host);

        assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//");
    }

    static String page(String path) {
        return given().accept(ContentType.HTML)
                .get(path)
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .extract()
                .asString();
    }
}
