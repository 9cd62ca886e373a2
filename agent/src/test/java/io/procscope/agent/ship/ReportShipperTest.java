package io.procscope.agent.ship;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.dto.HostReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportShipperTest {

    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration REFUSED_RETRY = Duration.ofMinutes(15);
    private static final long FAR = Long.MAX_VALUE / 2;

    @TempDir
    Path spoolDir;

    @TempDir
    Path stateDir;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private TestApi api;
    private Spool spool;
    private ReportShipper shipper;

    @BeforeEach
    void setUp() throws IOException {
        api = TestApi.start();
        spool = Spool.open(spoolDir, 1 << 20);
        shipper = shipper(REFUSED_RETRY);
    }

    private ReportShipper shipper(Duration refusedRetry) {
        Enrollment enrollment = new Enrollment(
                new EnrollmentClient(api.url(), "secret", Duration.ofSeconds(2), "test"),
                new CredentialFile(stateDir.resolve("credential"), true),
                spool,
                Duration.ofSeconds(30),
                INTERVAL,
                nanos::get,
                () -> 0.5);
        return new ReportShipper(
                new ReportClient(api.url(), Duration.ofSeconds(2), "test"),
                enrollment,
                spool,
                INTERVAL,
                refusedRetry,
                nanos::get,
                () -> 0.5);
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    @Test
    void sendsDirectlyWhileNothingIsWaiting() throws IOException {
        shipper.submit(SampleReports.sample(1), FAR);

        assertThat(api.requests()).hasSize(1);
        assertThat(spool.isEmpty()).isTrue();
        assertThat(shipper.stats().sent()).isEqualTo(1);
    }

    @Test
    void spoolsWhileTheApiIsDownAndSendsOldestFirstWhenItIsBack() throws IOException {
        api.thenProblem(503, "Unavailable", "restarting");
        shipper.submit(SampleReports.sample(1), FAR); // fails: spooled, backing off
        shipper.submit(SampleReports.sample(2), FAR); // backing off: spooled without an attempt

        assertThat(api.requests()).hasSize(1);
        assertThat(spool.entries()).hasSize(2);
        assertThat(shipper.stats().apiReachable()).isFalse();

        nanos.addAndGet(INTERVAL.toNanos()); // the backoff has passed
        shipper.submit(SampleReports.sample(3), FAR);

        assertThat(spool.isEmpty()).isTrue();
        assertThat(reportIds()).containsExactly(id(1), id(1), id(2), id(3));
        assertThat(shipper.stats())
                .isEqualTo(new ReportShipper.Stats(3, 0, 3, 0, 0, 0, 1, true, 0, 0, null, "enrolled", null, null, 0));
    }

    @Test
    void waitsOutTheBackoffBeforeTheNextAttempt() {
        api.thenProblem(503, "Unavailable", "").thenProblem(503, "Unavailable", "");
        shipper.submit(SampleReports.sample(1), FAR);
        long retryAt = shipper.nextAttemptNanos();

        // equal jitter at 0.5 of a 500 ms base: 375 ms
        assertThat(retryAt - nanos.get()).isEqualTo(Duration.ofMillis(375).toNanos());
        shipper.drain(FAR);
        assertThat(api.requests()).as("no attempt during the backoff").hasSize(1);

        nanos.addAndGet(Duration.ofMillis(375).toNanos());
        shipper.drain(FAR);
        assertThat(api.requests()).hasSize(2);
        assertThat(shipper.nextAttemptNanos() - nanos.get())
                .as("doubled")
                .isEqualTo(Duration.ofMillis(750).toNanos());
    }

    @Test
    void tellsTheLoopWhenToComeBack() throws IOException {
        long nextCollect = nanos.get() + INTERVAL.toNanos();
        assertThat(shipper.deliverDue(nextCollect)).as("nothing waits").isEqualTo(nextCollect);

        api.thenProblem(503, "Unavailable", "");
        shipper.submit(SampleReports.sample(1), FAR); // fails: spooled, backing off 375 ms

        assertThat(shipper.deliverDue(nextCollect) - nanos.get())
                .as("the end of the backoff")
                .isEqualTo(Duration.ofMillis(375).toNanos());
        long soon = nanos.get() + 1;
        assertThat(shipper.deliverDue(soon))
                .as("or the next collection, if sooner")
                .isEqualTo(soon);
        assertThat(api.requests()).as("no attempt during the backoff").hasSize(1);

        nanos.addAndGet(Duration.ofMillis(375).toNanos());
        assertThat(shipper.deliverDue(nextCollect))
                .as("sent: at once, for more")
                .isEqualTo(nanos.get());
        assertThat(spool.isEmpty()).isTrue();
        assertThat(shipper.deliverDue(nextCollect)).as("all sent").isEqualTo(nextCollect);
        assertThat(reportIds()).containsExactly(id(1), id(1));
    }

    @Test
    void waitsAtLeastTheRetryAfterOfABusyApiWithTheReportSpooled() throws IOException {
        api.then(retryAfter(429, "30"));
        shipper.submit(SampleReports.sample(1), FAR);

        // 30 s, past the 10 s interval, plus jitter: at 0.5 of 20%, 3 s
        assertThat(shipper.nextAttemptNanos() - nanos.get())
                .isEqualTo(Duration.ofSeconds(33).toNanos());
        assertThat(spool.entries()).hasSize(1);

        nanos.addAndGet(Duration.ofSeconds(30).toNanos());
        shipper.submit(SampleReports.sample(2), FAR); // the next collection: spooled, no attempt
        assertThat(shipper.deliverDue(FAR))
                .as("asked back at the end of the wait")
                .isEqualTo(retryAtNanos(33));
        assertThat(api.requests()).as("no attempt within Retry-After").hasSize(1);
        assertThat(spool.entries()).hasSize(2);

        nanos.addAndGet(Duration.ofSeconds(3).toNanos());
        shipper.deliverDue(FAR);

        assertThat(spool.isEmpty()).isTrue();
        assertThat(reportIds()).containsExactly(id(1), id(1), id(2));
    }

    @Test
    void honoursRetryAfterGivenAsAnHttpDate() {
        String inTwoMinutes = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(121));
        api.then(retryAfter(503, inTwoMinutes));

        shipper.submit(SampleReports.sample(1), FAR);

        // 120 to 121 s from now (the date has whole seconds), plus jitter: 10%
        assertThat(shipper.nextAttemptNanos() - nanos.get())
                .isBetween(
                        Duration.ofSeconds(131).toNanos(),
                        Duration.ofMillis(133_100).toNanos());
    }

    @Test
    void honoursRetryAfterUpToFiveMinutes() {
        api.then(retryAfter(429, "3600"));

        shipper.submit(SampleReports.sample(1), FAR);

        assertThat(shipper.nextAttemptNanos() - nanos.get())
                .as("five minutes, plus 10% of jitter")
                .isEqualTo(Duration.ofSeconds(330).toNanos());
    }

    private static TestApi.Answer retryAfter(int status, String value) {
        return new TestApi.Answer(status, "text/plain", "", java.util.Map.of("Retry-After", value), Duration.ZERO);
    }

    private long retryAtNanos(long secondsAfterTheFirstAttempt) {
        return 1_000_000_000L + Duration.ofSeconds(secondsAfterTheFirstAttempt).toNanos();
    }

    @Test
    void dropsAReportTheApiRefusesAsOlderThanItsRetentionAndCountsIt() throws IOException {
        api.thenProblem(503, "Unavailable", "");
        shipper.submit(SampleReports.sample(1), FAR); // spooled
        nanos.addAndGet(INTERVAL.toNanos());

        api.thenTypedProblem(
                400, SendOutcome.Rejected.EXPIRED, "Report older than the retention", "collected 49 h ago");
        shipper.submit(SampleReports.sample(2), FAR); // drain: 1 expired, 2 accepted

        assertThat(spool.isEmpty()).isTrue();
        assertThat(spool.rejected())
                .as("nothing to requeue: it could never be stored")
                .isEmpty();
        assertThat(shipper.stats().expired()).isEqualTo(1);
        assertThat(shipper.stats().rejected()).isZero();
        assertThat(reportIds()).containsExactly(id(1), id(1), id(2));
    }

    @Test
    void showsAClockSkewUntilTheApiAcceptsAReportAgainWithoutRetryingInALoop() throws IOException {
        api.thenTypedProblem(400, SendOutcome.Rejected.CLOCK_SKEW, "Clock skew", "stamped 3 h ahead");
        shipper.submit(SampleReports.sample(1), FAR);
        api.thenTypedProblem(400, SendOutcome.Rejected.CLOCK_SKEW, "Clock skew", "stamped 3 h ahead");
        shipper.submit(SampleReports.sample(2), FAR);

        assertThat(api.requests()).as("one attempt a report, no spinning").hasSize(2);
        assertThat(shipper.stats().clockSkewRefusals()).isEqualTo(2);
        assertThat(shipper.stats().clockSkew()).isEqualTo("stamped 3 h ahead");
        assertThat(spool.rejected()).extracting(Spool.Entry::reportId).containsExactly(id(1), id(2));

        shipper.submit(SampleReports.sample(3), FAR); // the clock was set right

        assertThat(shipper.stats().clockSkew()).isNull();
        assertThat(shipper.stats().sent()).isEqualTo(1);
    }

    @Test
    void movesARejectedReportAsideAndGoesOnWithTheRest() throws IOException {
        api.thenProblem(503, "Unavailable", "");
        shipper.submit(SampleReports.sample(1), FAR);
        nanos.addAndGet(INTERVAL.toNanos());
        api.thenProblem(503, "Unavailable", "");
        shipper.submit(SampleReports.sample(2), FAR); // drain: 1 fails again
        nanos.addAndGet(INTERVAL.toNanos());

        api.thenProblem(422, "Unprocessable report", "processes[0].pid must not be null");
        shipper.submit(SampleReports.sample(3), FAR); // drain: 1 rejected, 2 and 3 accepted

        assertThat(spool.isEmpty()).isTrue();
        assertThat(spool.rejected()).extracting(Spool.Entry::reportId).containsExactly(id(1));
        assertThat(shipper.stats().rejected()).isEqualTo(1);
        assertThat(shipper.stats().sent()).isEqualTo(2);
    }

    @Test
    void keepsRejectedDirectSendForInspection() throws IOException {
        api.thenProblem(400, "Bad report", "not gzip");

        shipper.submit(SampleReports.sample(1), FAR);

        assertThat(spool.isEmpty()).isTrue();
        assertThat(spool.rejected()).extracting(Spool.Entry::reportId).containsExactly(id(1));
        assertThat(shipper.hasBacklog()).isFalse();
    }

    @Test
    void keepsReportsSpooledWhileTheKeyIsRefused() throws IOException {
        api.thenProblem(401, "Unauthorized", "unknown API key");
        shipper.submit(SampleReports.sample(1), FAR);

        assertThat(spool.entries()).extracting(Spool.Entry::reportId).containsExactly(id(1));
        assertThat(spool.rejected()).isEmpty();
        assertThat(shipper.isBackingOff()).isTrue();
    }

    @Test
    void setsReportsAsideOnceTheRefusalOutlastsRefusedRetry() throws IOException {
        refuse(3, 404, "Not Found");
        shipper.submit(SampleReports.sample(1), FAR); // refused: spooled, the refusal starts
        nanos.addAndGet(REFUSED_RETRY.minusSeconds(1).toNanos());
        shipper.submit(SampleReports.sample(2), FAR); // still within refused-retry: 1 stays

        assertThat(spool.entries()).extracting(Spool.Entry::reportId).containsExactly(id(1), id(2));
        assertThat(spool.rejected()).isEmpty();

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        refuse(2, 404, "Not Found"); // with the one left over: one answer per spooled report
        shipper.submit(SampleReports.sample(3), FAR); // 15 min of refusals: all three set aside

        assertThat(spool.isEmpty()).isTrue();
        assertThat(spool.rejected()).extracting(Spool.Entry::reportId).containsExactly(id(1), id(2), id(3));
        assertThat(shipper.stats().rejected()).isEqualTo(3);
        assertThat(shipper.isBackingOff()).as("nothing left to wait for").isFalse();

        shipper.submit(SampleReports.sample(4), FAR); // the API takes reports again

        assertThat(shipper.stats().sent()).isEqualTo(1);
        assertThat(spool.requeueRejected()).isEqualTo(3);
        shipper.drain(FAR);
        assertThat(reportIds()).endsWith(id(4), id(1), id(2), id(3));
        assertThat(spool.isEmpty()).isTrue();
    }

    @Test
    void anAcceptedReportEndsTheRefusal() throws IOException {
        api.thenProblem(401, "Unauthorized", "unknown API key");
        shipper.submit(SampleReports.sample(1), FAR);
        nanos.addAndGet(REFUSED_RETRY.minusSeconds(1).toNanos());
        shipper.submit(SampleReports.sample(2), FAR); // accepted: 1 and 2 delivered

        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        api.thenProblem(401, "Unauthorized", "unknown API key");
        shipper.submit(SampleReports.sample(3), FAR); // a new refusal: retried again for 15 min

        assertThat(spool.entries()).extracting(Spool.Entry::reportId).containsExactly(id(3));
        assertThat(spool.rejected()).isEmpty();
    }

    @Test
    void setsAsideAtOnceWithoutRefusedRetry() throws IOException {
        shipper = shipper(Duration.ZERO);
        api.thenProblem(403, "Forbidden", "read key used for ingest");

        shipper.submit(SampleReports.sample(1), FAR);

        assertThat(spool.isEmpty()).isTrue();
        assertThat(spool.rejected()).extracting(Spool.Entry::reportId).containsExactly(id(1));
    }

    private void refuse(int times, int status, String title) {
        for (int i = 0; i < times; i++) {
            api.thenProblem(status, title, "no procscope API here");
        }
    }

    @Test
    void stopsDrainingAtTheDeadlineAfterOneAttempt() throws IOException {
        api.thenProblem(503, "Unavailable", "").thenProblem(503, "Unavailable", "");
        shipper.submit(SampleReports.sample(1), FAR);
        nanos.addAndGet(INTERVAL.toNanos());
        shipper.submit(SampleReports.sample(2), FAR);
        nanos.addAndGet(INTERVAL.toNanos());

        shipper.drain(nanos.get()); // already due: one report, then stop

        assertThat(spool.entries()).extracting(Spool.Entry::reportId).containsExactly(id(2));
    }

    private java.util.List<UUID> reportIds() throws IOException {
        java.util.List<UUID> ids = new java.util.ArrayList<>();
        for (TestApi.Request r : api.requests()) {
            HostReport report = r.report();
            ids.add(report.reportId());
        }
        return ids;
    }

    private static UUID id(int n) {
        return SampleReports.sample(n).reportId();
    }
}
