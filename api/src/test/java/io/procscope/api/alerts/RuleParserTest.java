package io.procscope.api.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.procscope.api.problem.Problem.FieldError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One rule of each condition, in the README's words. */
    static final String EVERY_CONDITION = """
            rules:
              - name: nginx-down
                hosts: {hostnames: ["web-*"], podNamespace: ingress}
                condition:
                  processAbsent: {name: ["nginx"], user: "www-data", commandLine: "-c /etc/nginx"}
                for: 2m
                severity: critical
                labels: {team: web}
              - name: java-count
                condition:
                  processCount: {match: {name: java}, min: 2, max: 8}
              - name: crash-loop
                condition:
                  restarts: {match: {name: ["worker*"], excludeUser: [root]}, moreThan: 3, within: 10m}
                for: 0
              - name: cpu-hog
                condition:
                  processCpu: {match: {}, abovePercent: 90}
                for: 5m
                severity: info
              - name: rss-bytes
                condition:
                  processRss: {match: {name: java}, aboveBytes: 2GiB}
              - name: rss-share
                condition:
                  processRss: {match: {name: java}, abovePercentOfHost: 20}
              - name: host-stale
                condition: {host: {stale: true}}
              - name: host-gone
                condition: {host: {gone: true}}
                enabled: false
              - name: host-cpu
                condition: {host: {metric: cpu, above: 90}}
              - name: host-memory
                condition: {host: {metric: memory, above: 95}}
              - name: host-swap
                condition: {host: {metric: swap, above: 50}}
              - name: host-load
                condition: {host: {metric: loadPerCpu, above: 2.5}}
              - name: disk-root
                condition: {host: {metric: fileSystem, above: 90, mountPoint: /}}
            """;

    @Test
    void readsEveryConditionFromYaml() {
        List<AlertRule> rules = RuleFile.parse("rules.yaml", EVERY_CONDITION);

        assertThat(rules).hasSize(13);
        AlertRule nginx = rules.get(0);
        assertThat(nginx.name()).isEqualTo("nginx-down");
        assertThat(nginx.hosts().hostnames()).containsExactly("web-*");
        assertThat(nginx.hosts().podNamespace()).isEqualTo("ingress");
        assertThat(nginx.condition())
                .isEqualTo(new Condition.ProcessAbsent(new ProcessMatch(
                        List.of("nginx"), List.of("www-data"), "-c /etc/nginx", List.of(), List.of(), null)));
        assertThat(nginx.forDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(nginx.severity()).isEqualTo(AlertRule.Severity.CRITICAL);
        assertThat(nginx.labels()).isEqualTo(Map.of("team", "web"));
        assertThat(nginx.enabled()).isTrue();
        assertThat(rules.get(1).condition()).isEqualTo(new Condition.ProcessCount(ProcessMatch.names("java"), 2, 8));
        assertThat(rules.get(1).severity()).as("default").isEqualTo(AlertRule.Severity.WARNING);
        assertThat(rules.get(1).forDuration()).as("default").isZero();
        assertThat(rules.get(2).condition())
                .isEqualTo(new Condition.Restarts(
                        new ProcessMatch(List.of("worker*"), List.of(), null, List.of(), List.of("root"), null),
                        3,
                        Duration.ofMinutes(10)));
        assertThat(rules.get(3).condition())
                .isEqualTo(new Condition.ProcessCpu(
                        new ProcessMatch(List.of(), List.of(), null, List.of(), List.of(), null), 90));
        assertThat(rules.get(4).condition())
                .isEqualTo(new Condition.ProcessRss(ProcessMatch.names("java"), 2L << 30, null));
        assertThat(rules.get(5).condition())
                .isEqualTo(new Condition.ProcessRss(ProcessMatch.names("java"), null, 20.0));
        assertThat(rules.get(6).condition()).isEqualTo(new Condition.HostStale());
        assertThat(rules.get(7).condition()).isEqualTo(new Condition.HostGone());
        assertThat(rules.get(7).enabled()).isFalse();
        assertThat(rules.get(8).condition()).isEqualTo(new Condition.HostMetric(Condition.Metric.CPU, 90, null));
        assertThat(rules.get(9).condition()).isEqualTo(new Condition.HostMetric(Condition.Metric.MEMORY, 95, null));
        assertThat(rules.get(10).condition()).isEqualTo(new Condition.HostMetric(Condition.Metric.SWAP, 50, null));
        assertThat(rules.get(11).condition())
                .isEqualTo(new Condition.HostMetric(Condition.Metric.LOAD_PER_CPU, 2.5, null));
        assertThat(rules.get(12).condition())
                .isEqualTo(new Condition.HostMetric(Condition.Metric.FILE_SYSTEM, 90, "/"));
    }

    @Test
    void canonicalJsonReadsBackToTheSameRule() throws Exception {
        for (AlertRule rule : RuleFile.parse("rules.yaml", EVERY_CONDITION)) {
            String json = JSON.writeValueAsString(RuleJson.toJson(rule));
            List<FieldError> errors = new ArrayList<>();

            Optional<AlertRule> back = RuleParser.parse(JSON.readTree(json), "", false, errors);

            assertThat(errors).as(json).isEmpty();
            assertThat(back).as(json).contains(rule);
            String definition = JSON.writeValueAsString(RuleJson.definition(rule));
            assertThat(RuleParser.parseStored(rule.name(), rule.enabled(), JSON.readTree(definition), errors))
                    .contains(rule);
        }
    }

    @Test
    void fileErrorsNameTheFieldPath() {
        String yaml = """
                rules:
                  - name: ok
                    condition: {host: {stale: true}}
                  - name: ok
                    condition: {host: {gone: true}}
                  - name: cpu
                    condition:
                      processCpu: {match: {name: java}, abovePercent: -5}
                  - name: Bad Name
                    condition: {processAbsent: {name: x}}
                    sevrity: critical
                """;

        assertThatThrownBy(() -> RuleFile.parse("rules.yaml", yaml))
                .isInstanceOf(RuleFile.Invalid.class)
                .hasMessageContaining("rules.yaml")
                .hasMessageContaining("rules[1].name: is also the name of rules[0]")
                .hasMessageContaining("rules[2].condition.processCpu.abovePercent: must be above 0 and at most 100 x")
                .hasMessageContaining("rules[3].sevrity: is not a field of this object");
        assertThat(fileErrors("rules: {name: x}")).containsExactly("rules: must be a list of rules");
        assertThat(fileErrors("rules: [\n  - name: [unclosed"))
                .singleElement()
                .asString()
                .startsWith("(file): is not valid YAML (line");
        assertThat(fileErrors("other: 1")).singleElement().asString().contains("has a key other than 'rules'");
        assertThat(RuleFile.parse("empty.yaml", "")).isEmpty();
    }

    @Test
    void doesNotExpandYamlAliases() {
        StringBuilder yaml =
                new StringBuilder("rules:\n  - &a {name: a, condition: {host: {stale: true}}, labels: {x: y}}\n");
        for (int i = 0; i < 30; i++) {
            yaml.append("  - *a\n");
        }
        long t0 = System.nanoTime();

        List<String> errors = fileErrors(yaml.toString());

        assertThat(errors).isNotEmpty().allSatisfy(e -> assertThat(e).startsWith("rules["));
        assertThat(System.nanoTime() - t0).isLessThan(2_000_000_000L);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"condition":{"host":{"stale":true}}}                                     | name: is required
            {"name":"UPPER","condition":{"host":{"stale":true}}}                      | name: must be 1 to 100 of a-z
            {"name":"x"}                                                              | condition: is required: one of
            {"name":"x","condition":{}}                                               | condition: must have exactly one of
            {"name":"x","condition":{"host":{"stale":true},"processAbsent":{"name":"a"}}} | condition: must have exactly one of
            {"name":"x","condition":{"processAbsent":{}}}                             | condition.processAbsent: must set name, user or commandLine
            {"name":"x","condition":{"processAbsent":{"nam":"a"}}}                    | condition.processAbsent.nam: is not a field
            {"name":"x","condition":{"processAbsent":{"name":5}}}                     | condition.processAbsent.name: must be a pattern or a list
            {"name":"x","condition":{"processAbsent":{"name":["a",""]}}}              | condition.processAbsent.name[1]: must not be blank
            {"name":"x","condition":{"processAbsent":{"commandLine":"(a"}}}           | condition.processAbsent.commandLine: is not a valid regular expression
            {"name":"x","condition":{"processAbsent":{"commandLine":"(a+)+$"}}}       | condition.processAbsent.commandLine: must not repeat a group
            {"name":"x","condition":{"processAbsent":{"commandLine":"(a)\\\\1"}}}     | condition.processAbsent.commandLine: must not use backreferences
            {"name":"x","condition":{"processCount":{"match":{}}}}                    | condition.processCount: must set min, max or both
            {"name":"x","condition":{"processCount":{"match":{},"min":5,"max":2}}}    | condition.processCount.max: must not be below min
            {"name":"x","condition":{"processCount":{"min":1}}}                       | condition.processCount.match: is required
            {"name":"x","condition":{"processCount":{"match":{},"min":1.5}}}          | condition.processCount.min: must be a whole number
            {"name":"x","condition":{"restarts":{"match":{},"moreThan":3}}}           | condition.restarts.within: is required
            {"name":"x","condition":{"restarts":{"match":{},"moreThan":3,"within":"2d"}}} | condition.restarts.within: must be between 1s and 1d
            {"name":"x","condition":{"restarts":{"match":{},"within":"5m"}}}          | condition.restarts.moreThan: is required
            {"name":"x","condition":{"processCpu":{"match":{},"abovePercent":"90"}}}  | condition.processCpu.abovePercent: must be a number
            {"name":"x","condition":{"processCpu":{"match":{},"abovePercent":200000}}} | condition.processCpu.abovePercent: must be above 0 and at most 100 x
            {"name":"x","condition":{"processRss":{"match":{}}}}                      | condition.processRss: must set exactly one of aboveBytes and abovePercentOfHost
            {"name":"x","condition":{"processRss":{"match":{},"aboveBytes":"2 parsecs"}}} | condition.processRss.aboveBytes: must be a size
            {"name":"x","condition":{"processRss":{"match":{},"abovePercentOfHost":101}}} | condition.processRss.abovePercentOfHost: must be above 0 and at most 100
            {"name":"x","condition":{"host":{}}}                                      | condition.host: must have exactly one of stale
            {"name":"x","condition":{"host":{"stale":false}}}                         | condition.host.stale: must be true
            {"name":"x","condition":{"host":{"gone":true,"above":3}}}                 | condition.host.above: does not go with gone
            {"name":"x","condition":{"host":{"metric":"disk","above":3}}}             | condition.host.metric: must be one of cpu, memory, swap, loadPerCpu, fileSystem
            {"name":"x","condition":{"host":{"metric":"memory","above":130}}}         | condition.host.above: must be between 0 and 100 for memory
            {"name":"x","condition":{"host":{"metric":"memory"}}}                     | condition.host.above: is required
            {"name":"x","condition":{"host":{"metric":"fileSystem","above":90}}}      | condition.host.mountPoint: is required for metric fileSystem
            {"name":"x","condition":{"host":{"metric":"fileSystem","above":90,"mountPoint":"var"}}} | condition.host.mountPoint: must be an absolute path
            {"name":"x","condition":{"host":{"metric":"cpu","above":90,"mountPoint":"/"}}} | condition.host.mountPoint: goes only with metric fileSystem
            {"name":"x","condition":{"host":{"stale":true}},"for":"2 minutes"}        | for: must be a duration such as 30s, 2m or 1h30m
            {"name":"x","condition":{"host":{"stale":true}},"for":"8d"}               | for: must be between 0s and 7d
            {"name":"x","condition":{"host":{"stale":true}},"severity":"page"}        | severity: must be critical, warning or info
            {"name":"x","condition":{"host":{"stale":true}},"labels":{"severity":"x"}} | labels.severity: is a label every notification sets itself
            {"name":"x","condition":{"host":{"stale":true}},"labels":{"9x":"y"}}      | labels: has a label name that is not
            {"name":"x","condition":{"host":{"stale":true}},"labels":{"team":5}}      | labels.team: must be a string
            {"name":"x","condition":{"host":{"stale":true}},"enabled":"yes"}          | enabled: must be true or false
            {"name":"x","condition":{"host":{"stale":true}},"hosts":{"hostname":"a"}} | hosts.hostname: is not a field
            {"name":"x","condition":{"host":{"stale":true}},"hosts":{"podNamespace":" "}} | hosts.podNamespace: must not be blank
            {"name":"x","condition":{"host":{"stale":true}},"source":"api"}           | source: is not a field
            [1,2]                                                                     | (root): must be an object
            """)
    void refusesInvalidRulesNamingTheField(String json, String error) throws Exception {
        assertThat(errors(JSON.readTree(json), false))
                .anySatisfy(e -> assertThat(e).startsWith(error));
    }

    @Test
    void refusesHostileText() {
        String nul = "{\"name\":\"x\",\"condition\":{\"processAbsent\":{\"name\":\"ngi\\u0000nx\"}}}";
        String longName = "{\"name\":\"" + "a".repeat(10_000) + "\",\"condition\":{\"host\":{\"stale\":true}}}";
        String longGlob =
                "{\"name\":\"x\",\"condition\":{\"processAbsent\":{\"name\":\"" + "n".repeat(10_000) + "\"}}}";
        String longKey = "{\"name\":\"x\",\"" + "k".repeat(10_000) + "\":1,\"condition\":{\"host\":{\"stale\":true}}}";
        String manyGlobs =
                "{\"name\":\"x\",\"condition\":{\"processAbsent\":{\"name\":[" + "\"a\",".repeat(40) + "\"a\"]}}}";

        assertThat(errorsOf(nul))
                .containsExactly("condition.processAbsent.name: must not contain control characters (such as NUL or a"
                        + " line break)");
        assertThat(errorsOf(longName)).containsExactly("name: must be at most 100 characters, not 10000");
        assertThat(errorsOf(longGlob))
                .containsExactly("condition.processAbsent.name: must be at most 256 characters, not 10000");
        assertThat(errorsOf(longKey))
                .singleElement()
                .asString()
                .startsWith("(root): is not a field of this object: 'kkkk")
                .hasSizeLessThan(300);
        assertThat(errorsOf(manyGlobs))
                .containsExactly("condition.processAbsent.name: must have at most 32 patterns, not 41");
    }

    @Test
    void ignoresTheFieldsTheApiAnswersWithWhenAsked() throws Exception {
        JsonNode node = JSON.readTree("{\"name\":\"x\",\"condition\":{\"host\":{\"stale\":true}},\"source\":\"file\","
                + "\"createdMillis\":1,\"updatedMillis\":2}");

        assertThat(errors(node, true)).isEmpty();
    }

    private static List<String> errorsOf(String json) {
        try {
            return errors(JSON.readTree(json), false);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> errors(JsonNode node, boolean readOnlyAllowed) {
        List<FieldError> errors = new ArrayList<>();
        Optional<AlertRule> rule = RuleParser.parse(node, "", readOnlyAllowed, errors);
        assertThat(rule.isPresent()).as("a rule only without errors").isEqualTo(errors.isEmpty());
        return errors.stream().map(e -> e.field() + ": " + e.message()).toList();
    }

    private static List<String> fileErrors(String yaml) {
        try {
            RuleFile.parse("f.yaml", yaml);
            return List.of();
        } catch (RuleFile.Invalid e) {
            return e.errors().stream().map(f -> f.field() + ": " + f.message()).toList();
        }
    }
}
