package io.procscope.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingSourcesTest {

    @Test
    void dotEnvTakesCommentsQuotesAndExport() {
        Map<String, String> values = SettingSources.parseDotEnv(
                List.of(
                        "# procscope",
                        "",
                        "PROCSCOPE_AGENT_API_KEY=\"k#1\"",
                        "export PROCSCOPE_AGENT_HOSTNAME='node-1'",
                        "PROCSCOPE_AGENT_INTERVAL=5s # every five seconds",
                        "EMPTY="),
                ".env");

        assertThat(values)
                .containsExactly(
                        Map.entry("PROCSCOPE_AGENT_API_KEY", "k#1"),
                        Map.entry("PROCSCOPE_AGENT_HOSTNAME", "node-1"),
                        Map.entry("PROCSCOPE_AGENT_INTERVAL", "5s"),
                        Map.entry("EMPTY", ""));
    }
}
