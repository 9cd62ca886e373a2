package io.procscope.agent.ship;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.dto.HostReport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReportClientTest {

    private static final String KEY = "k-123";

    private TestApi api;
    private ReportClient client;

    @BeforeEach
    void startApi() throws IOException {
        api = TestApi.start();
        client = new ReportClient(api.url(), Duration.ofSeconds(2), "1.2.3");
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void postsGzippedJsonWithTheBearerKey() throws IOException {
        HostReport report = SampleReports.sample(1);

        SendOutcome outcome = client.send(report, KEY);

        assertThat(outcome).isInstanceOf(SendOutcome.Accepted.class);
        TestApi.Request request = api.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v1/reports");
        assertThat(request.header("Authorization")).isEqualTo("Bearer k-123");
        assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("User-Agent")).isEqualTo("procscope-agent/1.2.3");
        assertThat(request.body()[0] & 0xff).as("gzip magic").isEqualTo(0x1f);
        assertThat(request.report()).isEqualTo(report);
    }

    @Test
    void readsTheReceiptAndItsDuplicateFlag() {
        HostReport report = SampleReports.sample(2);
        api.then(TestApi.Answer.of(
                202,
                "application/json",
                "{\"reportId\":\"" + report.reportId() + "\",\"duplicate\":true,\"processes\":0}"));

        SendOutcome outcome = client.send(report, KEY);

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Accepted.class, a -> {
            assertThat(a.duplicate()).isTrue();
            assertThat(a.receipt().reportId()).isEqualTo(report.reportId());
        });
    }

    @Test
    void rejectsWithTheApisProblemDetail() {
        api.thenProblem(422, "Unprocessable report", "processes[0].pid must not be null");

        SendOutcome outcome = client.send(SampleReports.sample(3), KEY);

        assertThat(outcome)
                .isEqualTo(new SendOutcome.Rejected(422, "Unprocessable report", "processes[0].pid must not be null"));
    }

    @Test
    void tooLargeAndBadRequestsAreRejectedForGood() {
        api.thenProblem(413, "Too large", "body over 8 MiB").then(TestApi.Answer.of(400, "text/plain", "bad\ngzip"));

        assertThat(client.send(SampleReports.sample(4), KEY)).isInstanceOf(SendOutcome.Rejected.class);
        assertThat(client.send(SampleReports.sample(5), KEY))
                .isEqualTo(new SendOutcome.Rejected(400, "Bad Request", "bad gzip"));
    }

    @Test
    void anUntyped401KeepsTheReportForLater() {
        api.thenProblem(401, "Unauthorized", "missing or unknown API key");

        SendOutcome outcome = client.send(SampleReports.sample(6), KEY);

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Failed.class, f -> {
            assertThat(f.unauthorized()).isTrue();
            assertThat(f.refusal()).isTrue();
            assertThat(f.reason()).contains("401", "check api-url", "missing or unknown API key");
        });
    }

    @Test
    void aRefusedCredentialIsNotARefusedReport() {
        api.thenTypedProblem(401, SendOutcome.CredentialRefused.REVOKED, "Unauthorized", "revoked by ops")
                .thenTypedProblem(403, SendOutcome.CredentialRefused.WRONG_HOST, "Forbidden", "not node-1");

        assertThat(client.send(SampleReports.sample(6), KEY))
                .isEqualTo(new SendOutcome.CredentialRefused(
                        401, SendOutcome.CredentialRefused.REVOKED, "Unauthorized", "revoked by ops"));
        assertThat(client.send(SampleReports.sample(6), KEY))
                .isEqualTo(new SendOutcome.CredentialRefused(
                        403, SendOutcome.CredentialRefused.WRONG_HOST, "Forbidden", "not node-1"));
        assertThat(api.requests())
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + KEY));
    }

    @Test
    void serverErrorsThrottlingAndTimeoutsAreTransient() {
        api.then(
                new TestApi.Answer(503, "text/plain", "", Map.of("Retry-After", "7"), Duration.ZERO),
                TestApi.Answer.of(429, "text/plain", ""),
                TestApi.Answer.of(408, "text/plain", ""),
                TestApi.Answer.of(404, "text/html", "<html>nginx</html>"));

        assertThat(client.send(SampleReports.sample(7), KEY))
                .isEqualTo(new SendOutcome.Failed(503, "503 Service Unavailable", Optional.of(Duration.ofSeconds(7))));
        assertThat(client.send(SampleReports.sample(7), KEY)).isInstanceOf(SendOutcome.Failed.class);
        assertThat(client.send(SampleReports.sample(7), KEY)).isInstanceOf(SendOutcome.Failed.class);
        assertThat(client.send(SampleReports.sample(7), KEY))
                .isInstanceOfSatisfying(
                        SendOutcome.Failed.class, f -> assertThat(f.reason()).contains("check api-url"));
    }

    @Test
    void readsRetryAfterAsSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");

        assertThat(ReportClient.retryAfter(" 120 ", now)).contains(Duration.ofSeconds(120));
        assertThat(ReportClient.retryAfter("Thu, 26 Nov 2026 10:01:30 GMT", now))
                .contains(Duration.ofSeconds(90));
        assertThat(ReportClient.retryAfter("Thu, 26 Nov 2026 09:59:00 GMT", now))
                .as("a date gone by")
                .contains(Duration.ZERO);
        assertThat(ReportClient.retryAfter("-5", now)).isEmpty();
        assertThat(ReportClient.retryAfter("soon", now)).isEmpty();
    }

    @Test
    void aBusyApisRetryAfterDateReachesTheOutcome() {
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(61));
        api.then(new TestApi.Answer(
                429,
                "application/problem+json",
                "{\"title\":\"Too Many Requests\",\"status\":429,\"detail\":\"busy\"}",
                Map.of("Retry-After", inAMinute),
                Duration.ZERO));

        SendOutcome outcome = client.send(SampleReports.sample(9), KEY);

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Failed.class, f -> {
            assertThat(f.refusal()).as("kept spooled, not set aside").isFalse();
            assertThat(f.reason()).isEqualTo("429 Too Many Requests: busy");
            assertThat(f.retryAfter())
                    .hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(61)));
        });
    }

    @Test
    void noAnswerWithinTheTimeoutIsTransient() {
        api.then(new TestApi.Answer(202, "application/json", "{}", Map.of(), Duration.ofSeconds(2)));
        ReportClient impatient = new ReportClient(api.url(), Duration.ofMillis(300), "1.2.3");

        SendOutcome outcome = impatient.send(SampleReports.sample(8), KEY);

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Failed.class, f -> {
            assertThat(f.status()).isZero();
            assertThat(f.reason()).contains("within 300 ms");
        });
    }

    @Test
    void refusedConnectionIsTransient() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        ReportClient nowhere =
                new ReportClient(URI.create("http://127.0.0.1:" + closedPort), Duration.ofSeconds(1), "x");

        assertThat(nowhere.send(SampleReports.sample(9), KEY))
                .isInstanceOfSatisfying(
                        SendOutcome.Failed.class, f -> assertThat(f.status()).isZero());
    }

    @Test
    void postsUnderTheBasePathOfTheApiUrl() {
        ReportClient proxied = new ReportClient(URI.create(api.url() + "/procscope/"), Duration.ofSeconds(1), "x");

        assertThat(proxied.endpoint().getPath()).isEqualTo("/procscope/api/v1/reports");
    }
}
