package io.procscope.api.events;

import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.store;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.procscope.api.support.Reports;
import io.procscope.api.support.ShortTimingsProfile;
import io.procscope.dto.HostReport;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The live event stream on the embedded SQLite database, where one instance announces its own reports.
 * A stored report's host event is {@link HostEventStreamTest}'s, which the packaged application reruns.
 */
@QuarkusTest
@TestProfile(ShortTimingsProfile.class)
public class HostEventsTest {

    @TestHTTPResource("/api/v1/events")
    URI events;

    @Inject
    HostEventHub hub;

    @Test
    void followsOnlyTheHostItIsAskedFor() throws Exception {
        String followed = uniqueHost("followed");
        String other = uniqueHost("other");
        try (EventStream stream = EventStream.open(filtered(followed))) {
            store(report(other, typicalProcesses()));
            store(report(followed, typicalProcesses()));

            EventStream.Received first = stream.nextEvent(EventStream.PATIENCE).orElseThrow();
            assertThat(first.name()).isEqualTo("host");
            assertThat(first.hostname()).isEqualTo(followed);
        }
    }

    @Test
    void skipsAReportOlderThanTheHostsNewest() throws Exception {
        String host = uniqueHost("spooled");
        long now = System.currentTimeMillis();
        try (EventStream stream = EventStream.open(filtered(host))) {
            store(report(host, now, typicalProcesses()));
            stream.awaitHost(host);

            store(report(host, now - 30_000, typicalProcesses().subList(0, 1)));
            store(report(host, now + 1_000, typicalProcesses()));

            EventStream.Received next = stream.nextEvent(EventStream.PATIENCE).orElseThrow();
            assertThat(next.name()).isEqualTo("host");
            assertThat(next.json().path("lastReportMillis").asLong()).isEqualTo(now + 1_000);
        }
    }

    @Test
    void announcesAHostThatStopsReportingOnceUntilItIsBack() throws Exception {
        String host = uniqueHost("silent");
        try (EventStream stream = EventStream.open(filtered(host))) {
            store(everyTwoSeconds(report(host, typicalProcesses())));
            stream.awaitHost(host);

            EventStream.Received stale = stream.await("stale", r -> host.equals(r.hostname()));
            assertThat(stale.json().path("status").asText()).isEqualTo("STALE");
            // Stale checks run every second in this profile: none repeats it.
            assertThat(stream.nextEvent(Duration.ofMillis(2_500))).isEmpty();

            store(everyTwoSeconds(report(host, typicalProcesses())));
            assertThat(stream.awaitHost(host).json().path("status").asText()).isEqualTo("REPORTING");
            stream.await("stale", r -> host.equals(r.hostname()));
        }
    }

    @Test
    void forgetsASubscriberThatDisconnects() throws Exception {
        try (EventStream stream = EventStream.open(events)) {
            assertThat(hub.hasSubscribers()).isTrue();
        }
        long deadline = System.nanoTime() + EventStream.PATIENCE.toNanos();
        while (hub.hasSubscribers() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(hub.hasSubscribers()).isFalse();
    }

    @Test
    void refusesAStreamPastTheLimitUntilAnotherCloses() throws Exception {
        awaitSubscribers(0);
        try (EventStream first = EventStream.open(events);
                EventStream second = EventStream.open(events)) {
            EventStream third = EventStream.open(events);

            HttpResponse<String> refused = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(events)
                                    .header("Accept", "text/event-stream")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).contains("30");
            assertThat(refused.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(refused.body()).contains("procscope.events.max-subscribers");

            third.close();
            awaitSubscribers(2);
            try (EventStream again = EventStream.open(events)) {
                assertThat(hub.subscriberCount())
                        .as("the closed stream's place")
                        .isEqualTo(3);
            }
        }
    }

    @Test
    void sendsTheAlertCountsToEveryStreamWhenAnAlertFiresIsSilencedAndResolves() throws Exception {
        String host = uniqueHost("live-alert");
        String rule = host + "-absent";
        awaitSubscribers(0);
        try (EventStream all = EventStream.open(events);
                EventStream elsewhere = EventStream.open(filtered(uniqueHost("elsewhere")))) {
            admin().contentType(ContentType.JSON)
                    .body("{\"name\":\"" + rule + "\",\"hosts\":{\"hostnames\":[\"" + host + "\"]},"
                            + "\"condition\":{\"processAbsent\":{\"name\":[\"no-such-daemon\"]}},\"for\":\"0\"}")
                    .post("/api/v1/alerts/rules")
                    .then()
                    .statusCode(201);
            store(report(host, typicalProcesses()));

            JsonNode fired = all.await("alerts", r -> true).json();
            assertThat(fired.path("firing").asLong())
                    .as("firing, this rule's among them")
                    .isPositive();
            assertThat(fired.path("active").asLong())
                    .isGreaterThanOrEqualTo(fired.path("firing").asLong());
            assertThat(elsewhere.await("alerts", r -> true).json())
                    .as("a stream that follows another host hears it too: the nav's badge is on every page")
                    .isEqualTo(fired);

            admin().contentType(ContentType.JSON)
                    .body("{\"rule\":\"" + rule + "\",\"duration\":\"1h\"}")
                    .post("/api/v1/alerts/silences")
                    .then()
                    .statusCode(201);
            assertThat(all.await("alerts", r -> true).json())
                    .as("a silence changes no count, yet open alerts pages must show it")
                    .isEqualTo(fired);

            admin().delete("/api/v1/alerts/rules/{name}", rule).then().statusCode(204);
            JsonNode resolved = all.await("alerts", r -> true).json();
            assertThat(resolved.path("firing").asLong())
                    .isEqualTo(fired.path("firing").asLong() - 1);
        } finally {
            admin().delete("/api/v1/alerts/rules/{name}", rule);
        }
    }

    @Test
    void keepsAnIdleStreamOpenWithHeartbeats() throws Exception {
        try (EventStream stream = EventStream.open(filtered(uniqueHost("idle")))) {
            stream.awaitComment("heartbeat");
            stream.awaitComment("heartbeat");
        }
    }

    /** Waits until {@code count} streams hold a place: those that other tests closed give theirs back. */
    void awaitSubscribers(int count) throws InterruptedException {
        long deadline = System.nanoTime() + EventStream.PATIENCE.toNanos();
        while (hub.subscriberCount() != count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(hub.subscriberCount()).as("open event streams").isEqualTo(count);
    }

    /**
     * The report of an agent that reports every two seconds: stale after a few seconds of silence
     * (three intervals), yet still reporting while a loaded build machine announces it.
     */
    static HostReport everyTwoSeconds(HostReport r) {
        return Reports.withInterval(r, 2_000L);
    }

    static RequestSpecification admin() {
        return RestAssured.given().header("Authorization", "Bearer " + Reports.ADMIN_KEY);
    }

    URI filtered(String host) {
        return URI.create(events + "?host=" + URLEncoder.encode(host, StandardCharsets.UTF_8));
    }
}
