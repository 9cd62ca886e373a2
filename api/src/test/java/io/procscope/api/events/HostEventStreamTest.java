package io.procscope.api.events;

import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.store;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The event stream's first event, over HTTP only, so that {@link HostEventStreamIT} reruns it on
 * the packaged application, where the event travels through PostgreSQL's notifications.
 */
@QuarkusTest
class HostEventStreamTest {

    @Test
    void sendsHostEventWhenAReportIsStored() throws Exception {
        String host = uniqueHost("live");
        // Filtered to this host: other tests' hosts go stale on the same stream.
        try (EventStream stream = EventStream.open(events(host))) {
            store(report(host, typicalProcesses()));

            EventStream.Received first = stream.nextEvent(EventStream.PATIENCE).orElseThrow();
            assertThat(first.name()).isEqualTo("host");
            assertThat(first.hostname()).isEqualTo(host);
            JsonNode summary = first.json();
            assertThat(summary.path("processCount").asInt()).isEqualTo(4);
            assertThat(summary.path("cpuPercent").asDouble()).isEqualTo(23.5);
            assertThat(summary.path("osName").asText()).isEqualTo("Debian GNU/Linux");
        }
    }

    /** The stream of one host from the application under test, wherever it runs. */
    static URI events(String host) {
        return URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/v1/events?host="
                + URLEncoder.encode(host, StandardCharsets.UTF_8));
    }
}
