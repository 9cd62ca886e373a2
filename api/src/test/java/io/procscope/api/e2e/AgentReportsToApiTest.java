package io.procscope.api.e2e;

import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.api.support.RealAgent;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path: the real agent reads this machine's processes, ships them gzip-compressed with
 * its API key, the API stores them, and the JSON API and the dashboard show them, this test's own
 * JVM among them.
 */
@QuarkusTest
class AgentReportsToApiTest {

    @TestHTTPResource("/")
    URL api;

    @Test
    void agentOnThisMachineReportsItsProcessesIncludingThisOne(@TempDir Path spool) throws Exception {
        String hostname = uniqueHost("agent-e2e");
        long pid = RealAgent.OWN_PID;

        JsonPath own = RealAgent.reportUntilThisJvmIsStored(api, hostname, spool);

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
}
