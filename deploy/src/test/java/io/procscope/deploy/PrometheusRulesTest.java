package io.procscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * procscope's alerts on itself, {@code deploy/k8s/procscope-prometheusrule.yaml}, as Prometheus
 * takes them: {@code promtool check rules} on its groups, and {@code promtool test rules} on the
 * unit tests in {@code deploy/monitoring}, which give each alert a case that fires and one that
 * must not. promtool is Debian's {@code prometheus} package, which {@code .ci/run} installs.
 */
class PrometheusRulesTest {

    static final Path UNIT_TESTS = Repo.MODULE.resolve("monitoring/procscope-rules.test.yaml");

    private static final ObjectMapper YAML = new YAMLMapper();

    @TempDir
    static Path work;

    private static Path rules;

    @BeforeAll
    static void writeTheRuleFile() throws IOException {
        Tools.require("promtool", "apt-get install prometheus");
        GenericKubernetesResource rule = Manifests.custom("PrometheusRule", "procscope");
        ObjectNode file = YAML.createObjectNode();
        file.set(
                "groups",
                YAML.valueToTree(rule.getAdditionalProperties().get("spec")).get("groups"));
        rules = work.resolve("procscope.rules.yaml");
        YAML.writeValue(rules.toFile(), file);
        Files.copy(UNIT_TESTS, work.resolve(UNIT_TESTS.getFileName()));
    }

    @Test
    void promtoolAcceptsTheRules() {
        Command.Result check = Command.transcript(
                work, "promtool", "check", "rules", rules.getFileName().toString());

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + alerts().size() + " rules found");
    }

    @Test
    void everyAlertPassesItsUnitTests() {
        Command.Result test = Command.transcript(
                work, "promtool", "test", "rules", UNIT_TESTS.getFileName().toString());

        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertHasAUnitTestThatFiresItAndASeverityAndAnExplanation() throws IOException {
        JsonNode unitTests = YAML.readTree(UNIT_TESTS.toFile());
        Set<String> fired = new TreeSet<>();
        for (JsonNode test : unitTests.get("tests")) {
            for (JsonNode expectation : test.path("alert_rule_test")) {
                if (!expectation.path("exp_alerts").isEmpty()) {
                    fired.add(expectation.get("alertname").asText());
                }
            }
        }
        assertThat(fired).as("alerts a unit test fires").containsExactlyInAnyOrderElementsOf(names());
        assertThat(alerts()).allSatisfy(alert -> {
            assertThat(alert.path("labels").path("severity").asText()).isIn("warning", "critical");
            assertThat(alert.path("annotations").path("summary").asText()).isNotBlank();
            assertThat(alert.path("annotations").path("description").asText()).isNotBlank();
        });
    }

    private static List<JsonNode> alerts() {
        JsonNode groups;
        try {
            groups = YAML.readTree(rules.toFile()).get("groups");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        List<JsonNode> alerts = new ArrayList<>();
        groups.forEach(group -> group.get("rules").forEach(alerts::add));
        return alerts;
    }

    private static List<String> names() {
        return alerts().stream().map(a -> a.get("alert").asText()).toList();
    }
}
