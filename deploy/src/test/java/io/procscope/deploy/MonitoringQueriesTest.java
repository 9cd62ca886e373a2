package io.procscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The monitoring assets' queries: the Grafana dashboard, {@code
 * deploy/monitoring/grafana/procscope-dashboard.json}, and the PrometheusRule's expressions.
 */
class MonitoringQueriesTest {

    static final Path DASHBOARD = Repo.MODULE.resolve("monitoring/grafana/procscope-dashboard.json");

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    @Test
    void everyQueryReadsMetricsThatProcscopeExposes() throws IOException {
        List<String> expressions = expressions(JSON.readTree(DASHBOARD.toFile()));

        assertThat(expressions).hasSizeGreaterThan(15);
        assertThat(expressions)
                .allSatisfy(expression -> assertThat(MetricNames.in(expression))
                        .as("metrics of %s", expression)
                        .isNotEmpty()
                        .isSubsetOf(MetricNames.exposed()));
    }

    @Test
    void sharesAreRatiosInBaseUnitsAndShownAsPercentOfOne() throws IOException {
        assertThat(MetricNames.exposed())
                .as("Prometheus' base unit for a share is the ratio from 0 to 1, not a percent")
                .noneSatisfy(name -> assertThat(name).contains("percent"));
        int ratioPanels = 0;
        for (JsonNode panel : JSON.readTree(DASHBOARD.toFile()).get("panels")) {
            boolean ratio = false;
            for (JsonNode target : panel.path("targets")) {
                ratio |= MetricNames.in(target.get("expr").asText()).stream()
                        .anyMatch(n -> n.endsWith("_ratio") || n.equals("process_cpu_usage"));
            }
            if (ratio) {
                ratioPanels++;
                assertThat(panel.path("fieldConfig")
                                .path("defaults")
                                .path("unit")
                                .asText())
                        .as(panel.get("title").asText())
                        .isEqualTo("percentunit");
            }
        }
        assertThat(ratioPanels).isGreaterThanOrEqualTo(3);
    }

    @Test
    void panelsHaveUniqueIdsAnExplanationAndTheDashboardsDataSource() throws IOException {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        Set<Integer> ids = new HashSet<>();

        assertThat(dashboard.get("uid").asText()).isEqualTo("procscope");
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(ids.add(panel.get("id").asInt()))
                    .as("panel id %s is unique", panel.get("id"))
                    .isTrue();
            if (!panel.get("type").asText().equals("row")) {
                assertThat(panel.path("description").asText())
                        .as(panel.get("title").asText())
                        .isNotBlank();
                assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
            }
        }
        assertThat(dashboard.path("templating").path("list").findValuesAsText("name"))
                .contains("datasource", "job");
    }

    @Test
    void theAlertRulesReadMetricsThatProcscopeExposesToo() {
        JsonNode spec = JSON.valueToTree(Manifests.custom("PrometheusRule", "procscope")
                .getAdditionalProperties()
                .get("spec"));
        List<String> expressions = spec.findValuesAsText("expr");

        assertThat(expressions).hasSizeGreaterThan(5);
        assertThat(expressions)
                .allSatisfy(expression -> assertThat(MetricNames.in(expression))
                        .as("metrics of %s", expression)
                        .isNotEmpty()
                        .isSubsetOf(MetricNames.exposed()));
    }

    private static List<String> expressions(JsonNode dashboard) {
        List<String> found = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                found.add(target.get("expr").asText());
            }
        }
        return found;
    }
}
