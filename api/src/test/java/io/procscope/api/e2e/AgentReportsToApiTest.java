package io.procscope.api.e2e;

import static io.procscope.api.support.Reports.AGENT_KEY;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.agent.Agent;
import io.procscope.agent.config.AgentConfig;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path: the real agent reads this machine's processes, ships them gzip-compressed with
 * its API key, the API stores them, and the JSON API and the dashboard show them, this test's own
 * JVM among them.
 */
@QuarkusTest
class AgentReportsToApiTest {

    static final Duration DEADLINE = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL api;

    @Test
    void agentOnThisMachineReportsItsProcessesIncludingThisOne(@TempDir Path spool) throws Exception {
        String hostname = uniqueHost("agent-e2e");
        long pid = ProcessHandle.current().pid();
        AgentConfig config = AgentConfig.fromMap(Map.of(
                "api-url",
                api.toString(),
                "api-key",
                AGENT_KEY,
                "interval",
                "1s",
                "hostname",
                hostname,
                "spool-dir",
                spool.toString()));

        JsonPath own;
        try (Agent.Running agent = Agent.start(config)) {
            own = awaitOwnProcess(hostname, pid);
        }

        assertThat(own.getString("name")).isEqualTo("java");
        assertThat(own.getString("user")).isEqualTo(System.getProperty("user.name"));
        assertThat(own.getLong("rssBytes")).isGreaterThan(10L << 20);
        assertThat(own.getInt("threads")).isGreaterThan(1);
        assertThat(own.getDouble("cpuPercent")).isGreaterThanOrEqualTo(0.0);
        assertThat(own.getLong("startTimeMillis"))
                .isBetween(System.currentTimeMillis() - Duration.ofHours(1).toMillis(), System.currentTimeMillis());
        assertThat(own.getString("commandLine")).contains("java");
        assertThat(own.getString("cwd")).isEqualTo(Path.of("").toAbsolutePath().toString());

        given().get("/api/v1/hosts/{host}", hostname)
                .then()
                .statusCode(200)
                .body("platform", org.hamcrest.Matchers.equalTo("linux"))
                .body("agentVersion", org.hamcrest.Matchers.notNullValue())
                .body("processCount", org.hamcrest.Matchers.greaterThan(1));
        String page = given().get("/hosts/{host}", hostname)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page).contains("data-pid=\"" + pid + "\"");
    }

    private static JsonPath awaitOwnProcess(String hostname, long pid) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            var response = given().get("/api/v1/hosts/{host}/processes?limit=5000", hostname);
            if (response.statusCode() == 200) {
                Map<String, Object> row = response.jsonPath().getMap("processes.find { it.pid == " + pid + " }");
                if (row != null) {
                    return new JsonPath(response.asString()).setRootPath("processes.find { it.pid == " + pid + " }");
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("The agent's report with pid " + pid + " did not arrive within " + DEADLINE);
    }
}
