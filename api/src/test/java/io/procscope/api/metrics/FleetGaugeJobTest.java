package io.procscope.api.metrics;

import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.store;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.api.support.ShortTimingsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The fleet's gauges as Prometheus scrapes them, refreshed on their own schedule (every second in
 * this profile, which the event stream tests share).
 */
@QuarkusTest
@TestProfile(ShortTimingsProfile.class)
class FleetGaugeJobTest {

    static final Duration PATIENCE = Duration.ofSeconds(15);

    @Test
    void exportsEachHostsGaugesTaggedWithItsName() throws Exception {
        String host = uniqueHost("gauged");
        store(report(host, typicalProcesses()));

        String exposition = awaitExposition("procscope_host_processes{host=\"" + host + "\"}");

        assertThat(exposition)
                .contains("procscope_host_processes{host=\"" + host + "\"} 4.0")
                .contains("procscope_host_cpu_ratio{host=\"" + host + "\"} 0.235")
                .contains("procscope_host_memory_ratio{host=\"" + host + "\"} 0.25")
                .containsPattern("procscope_hosts\\{status=\"reporting\"} [1-9]")
                .contains("procscope_hosts{status=\"stale\"}")
                .contains("procscope_events_subscribers");
    }

    static String awaitExposition(String line) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String exposition = "";
        while (System.nanoTime() < deadline) {
            exposition =
                    given().get("/q/metrics").then().statusCode(200).extract().asString();
            if (exposition.contains(line)) {
                return exposition;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("No " + line + " in /q/metrics within " + PATIENCE);
    }
}
