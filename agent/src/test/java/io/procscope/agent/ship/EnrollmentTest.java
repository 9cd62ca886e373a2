package io.procscope.agent.ship;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.dto.HostInfo;
import io.procscope.dto.HostReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's enrollment through the shipper, against a real HTTP API that issues, checks, revokes
 * and resets credentials as procscope's does, with the credential in a real file and the time on a
 * test clock: reports wait in the spool, in order and without loss, through every refusal.
 */
class EnrollmentTest {

    private static final String SECRET = "fleet-enroll-secret-1";
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration RETRY = Duration.ofSeconds(30);
    private static final long FAR = Long.MAX_VALUE / 2;
    /** Equal jitter at 0.5: three quarters of the ceiling, which starts at enroll-retry and doubles. */
    private static final Duration FIRST_WAIT = Duration.ofMillis(22_500);

    private static final Duration SECOND_WAIT = Duration.ofSeconds(45);

    @TempDir
    Path spoolDir;

    @TempDir
    Path stateHome;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<LogRecord> log = new CopyOnWriteArrayList<>();
    private final Logger agentLogger = Logger.getLogger("io.procscope.agent");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            log.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level levelBefore;
    private TestApi api;
    private Spool spool;
    private Path credentialFile;
    private Enrollment enrollment;
    private ReportShipper shipper;

    @BeforeEach
    void setUp() throws IOException {
        levelBefore = agentLogger.getLevel();
        agentLogger.setLevel(Level.ALL);
        agentLogger.addHandler(capture);
        api = TestApi.start().requireEnrollSecret(SECRET);
        spool = Spool.open(spoolDir, 1 << 20);
        credentialFile = stateHome.resolve("procscope-agent/credential");
        restart();
    }

    /** A new shipper and enrollment on the same spool and credential file, as after a restart. */
    private void restart() {
        enrollment = new Enrollment(
                new EnrollmentClient(api.url(), SECRET, Duration.ofSeconds(2), "1.2.3"),
                new CredentialFile(credentialFile, true),
                spool,
                RETRY,
                INTERVAL,
                nanos::get,
                () -> 0.5);
        shipper = new ReportShipper(
                new ReportClient(api.url(), Duration.ofSeconds(2), "1.2.3"),
                enrollment,
                spool,
                INTERVAL,
                Duration.ofMinutes(15),
                nanos::get,
                () -> 0.5);
    }

    @AfterEach
    void tearDown() {
        agentLogger.removeHandler(capture);
        agentLogger.setLevel(levelBefore);
        api.close();
    }

    @Test
    void enrollsOnceAndKeepsTheCredentialInAPrivateFile() throws IOException {
        shipper.submit(SampleReports.sample(1), FAR);

        TestApi.Request enroll = api.enrollments().get(0);
        assertThat(api.enrollments()).hasSize(1);
        assertThat(enroll.header("Authorization")).isEqualTo("Bearer " + SECRET);
        assertThat(enroll.header("Content-Type")).isEqualTo("application/json");
        assertThat(ReportClient.scalarFields(enroll.body()))
                .containsOnlyKeys("hostname", "agentVersion", "enrollmentId")
                .containsEntry("hostname", "node-1")
                .containsEntry("agentVersion", "1.2.3");
        assertThat(enrollmentIdOf(enroll)).matches("[A-Za-z0-9_-]{22}");
        String credential = api.credentialOf("node-1");
        assertThat(credential).startsWith("psh_");
        assertThat(api.requests())
                .singleElement()
                .satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + credential));
        assertThat(api.stored()).extracting(HostReport::reportId).containsExactly(id(1));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentialFile)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentialFile.getParent())))
                .isEqualTo("rwx------");
        Map<String, String> saved = ReportClient.scalarFields(Files.readAllBytes(credentialFile));
        assertThat(saved).containsEntry("hostname", "node-1").containsEntry("credential", credential);
        assertThat(Long.parseLong(saved.get("enrolledAtMillis"))).isPositive();
        try (Stream<Path> files = Files.list(credentialFile.getParent())) {
            assertThat(files)
                    .as("no temporary file left, nor the enrollment id once a report was accepted")
                    .containsExactly(credentialFile);
        }
        assertThat(shipper.stats().credentialState()).isEqualTo("enrolled");
        assertThat(shipper.stats().credentialProblem()).isNull();
        assertThat(enrollment.toString()).doesNotContain(credential);
    }

    @Test
    void anEnrollmentWhoseAnswersAreLostIsRetriedWithTheSameIdAndThenReports() throws IOException {
        // stored by the API, answered to nobody: twice, as the JDK resends a POST once on a broken connection
        api.loseEnrollmentAnswers(2);

        shipper.submit(SampleReports.sample(1), FAR);

        assertThat(api.enrollments()).hasSize(2);
        assertThat(api.credentialOf("node-1")).as("stored by the API").isNotNull();
        assertThat(spooled()).containsExactly(id(1));
        assertThat(shipper.stats().credentialState()).as("not a refusal").isEqualTo("unenrolled");
        Path kept = credentialFile.resolveSibling("credential.enrollment");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)))
                .isEqualTo("rw-------");
        String enrollmentId =
                ReportClient.scalarFields(Files.readAllBytes(kept)).get("enrollmentId");
        assertThat(api.enrollments()).extracting(EnrollmentTest::enrollmentIdOf).containsOnly(enrollmentId);

        nanos.addAndGet(INTERVAL.toNanos());
        drainAll();

        assertThat(api.enrollments())
                .hasSize(3)
                .extracting(EnrollmentTest::enrollmentIdOf)
                .containsOnly(enrollmentId);
        assertThat(shipper.stats().credentialState()).isEqualTo("enrolled");
        assertThat(ReportClient.scalarFields(Files.readAllBytes(credentialFile)).get("credential"))
                .isEqualTo(api.credentialOf("node-1"));
        assertThat(api.stored()).extracting(HostReport::reportId).containsExactly(id(1));
        assertThat(kept).as("an accepted report ends the enrollment").doesNotExist();
        assertThat(warnings())
                .as("a lost answer is no refusal")
                .noneMatch(w -> w.contains("refuses") || w.contains("kept in the spool until"));
    }

    @Test
    void aRestartAfterALostAnswerRetriesWithTheSameId() throws IOException {
        api.loseEnrollmentAnswers(2);
        shipper.submit(SampleReports.sample(1), FAR);
        String enrollmentId = enrollmentIdOf(api.enrollments().get(0));

        restart();
        shipper.submit(SampleReports.sample(2), FAR);

        assertThat(api.enrollments()).hasSize(3);
        assertThat(enrollmentIdOf(api.enrollments().get(2))).isEqualTo(enrollmentId);
        assertThat(api.stored()).extracting(HostReport::reportId).containsExactly(id(1), id(2));
        assertThat(shipper.stats().credentialState()).isEqualTo("enrolled");

        // the next enrollment, after a reset, is another one: a new id
        api.reset("node-1");
        shipper.submit(SampleReports.sample(3), FAR);
        nanos.addAndGet(FIRST_WAIT.toNanos());
        drainAll();
        assertThat(api.enrollments()).hasSize(4);
        assertThat(enrollmentIdOf(api.enrollments().get(3))).isNotEqualTo(enrollmentId);
        assertThat(api.stored()).hasSize(3);
    }

    @Test
    void aLateAttemptThatReplacedTheAnsweredCredentialIsRepairedByEnrollingAgainAtOnce() throws IOException {
        api.then(TestApi.Answer.of(503, "application/problem+json", "{\"title\":\"Service Unavailable\"}"));
        shipper.submit(SampleReports.sample(1), FAR); // enrolled; the report waits
        String answered = api.credentialOf("node-1");
        api.overtake("node-1"); // an earlier attempt, stored after the one answered: nobody has its credential

        nanos.addAndGet(INTERVAL.toNanos());
        drainAll();

        assertThat(api.enrollments()).hasSize(2);
        assertThat(enrollmentIdOf(api.enrollments().get(1)))
                .isEqualTo(enrollmentIdOf(api.enrollments().get(0)));
        assertThat(api.reportRequests())
                .extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer " + answered, "Bearer " + answered, "Bearer " + api.credentialOf("node-1"));
        assertThat(api.stored()).extracting(HostReport::reportId).containsExactly(id(1));
        assertThat(shipper.stats().credentialState()).isEqualTo("enrolled");
        assertThat(warnings()).as("only the 503").noneMatch(w -> w.contains("does not know") || w.contains("refuses"));
        assertThat(infos()).anySatisfy(m -> assertThat(m).contains("enrolling again with the same enrollment"));

        // once: a credential that keeps being unknown is a refusal like any other
        api.overtake("node-1");
        shipper.submit(SampleReports.sample(2), FAR);
        assertThat(shipper.stats().credentialState())
                .as("a report was accepted: this is no lost answer")
                .isEqualTo("unknown");
    }

    @Test
    void reusesTheCredentialAfterARestart() throws IOException {
        shipper.submit(SampleReports.sample(1), FAR);
        String credential = api.credentialOf("node-1");

        restart();
        shipper.submit(SampleReports.sample(2), FAR);

        assertThat(api.enrollments()).as("a host enrolls once").hasSize(1);
        assertThat(api.requests()).extracting(r -> r.header("Authorization")).containsOnly("Bearer " + credential);
        assertThat(api.stored()).extracting(HostReport::reportId).containsExactly(id(1), id(2));
    }

    @Test
    void enrollsAgainWhenTheHostNameChanges() throws IOException {
        shipper.submit(SampleReports.sample(1), FAR);

        restart();
        shipper.submit(named(SampleReports.sample(2), "node-2"), FAR);

        assertThat(api.enrollments()).hasSize(2);
        assertThat(ReportClient.scalarFields(api.enrollments().get(1).body())).containsEntry("hostname", "node-2");
        assertThat(ReportClient.scalarFields(Files.readAllBytes(credentialFile)))
                .containsEntry("hostname", "node-2")
                .containsEntry("credential", api.credentialOf("node-2"));
        assertThat(api.requests().get(1).header("Authorization")).isEqualTo("Bearer " + api.credentialOf("node-2"));
        assertThat(api.stored()).hasSize(2);
    }

    @Test
    void keepsEveryReportWhileRevokedAndDrainsThemInOrderOnceTheHostIsReset() throws IOException {
        shipper.submit(SampleReports.sample(1), FAR);
        String revokedCredential = api.credentialOf("node-1");
        api.revoke("node-1");

        shipper.submit(SampleReports.sample(2), FAR); // 401 credential-revoked: kept
        shipper.submit(SampleReports.sample(3), FAR); // waits: no attempt with a revoked credential
        shipper.submit(SampleReports.sample(4), FAR);

        assertThat(api.requests()).hasSize(2);
        assertThat(spooled()).containsExactly(id(2), id(3), id(4));
        assertThat(spool.rejected()).isEmpty();
        assertThat(shipper.stats().credentialState()).isEqualTo("revoked");
        assertThat(shipper.stats().credentialProblem())
                .contains(
                        "credential of host node-1 was revoked by an operator",
                        "kept in the spool",
                        "POST /api/v1/admin/hosts/node-1/reset");
        assertThat(warnings()).singleElement().asString().contains("1 report is kept in the spool");

        assertThat(shipper.deliverDue(FAR) - nanos.get()).as("first wait").isEqualTo(FIRST_WAIT.toNanos());
        nanos.addAndGet(FIRST_WAIT.toNanos());
        assertThat(shipper.deliverDue(FAR) - nanos.get())
                .as("409 host-revoked: the wait doubles")
                .isEqualTo(SECOND_WAIT.toNanos());
        assertThat(api.enrollments()).hasSize(2);
        assertThat(shipper.deliverDue(FAR) - nanos.get()).isEqualTo(SECOND_WAIT.toNanos());
        assertThat(api.enrollments()).as("never spins").hasSize(2);
        assertThat(warnings()).as("said once per state").hasSize(1);

        api.reset("node-1");
        nanos.addAndGet(SECOND_WAIT.toNanos());
        drainAll();

        assertThat(api.enrollments()).hasSize(3);
        assertThat(api.stored()).extracting(HostReport::reportId).containsExactly(id(1), id(2), id(3), id(4));
        assertThat(spool.isEmpty()).isTrue();
        assertThat(spool.rejected()).isEmpty();
        assertThat(shipper.stats().credentialState()).isEqualTo("enrolled");
        assertThat(shipper.stats().credentialProblem()).isNull();
        assertThat(ReportClient.scalarFields(Files.readAllBytes(credentialFile)).get("credential"))
                .isEqualTo(api.credentialOf("node-1"))
                .isNotEqualTo(revokedCredential);
        assertThat(infos())
                .anySatisfy(m -> assertThat(m)
                        .contains("host node-1 is enrolled again", "sending the 3 spooled reports oldest first"));
    }

    @Test
    void waitsWhileTheHostIsEnrolledWithAnotherCredential() throws IOException {
        api.enroll("node-1"); // another agent with this host name, or a lost credential file

        shipper.submit(SampleReports.sample(1), FAR);
        shipper.submit(SampleReports.sample(2), FAR);

        assertThat(api.enrollments()).as("409 host-enrolled, then a wait").hasSize(1);
        assertThat(api.requests()).isEmpty();
        assertThat(spooled()).containsExactly(id(1), id(2));
        assertThat(shipper.stats().credentialState()).isEqualTo("refused");
        assertThat(shipper.stats().credentialProblem())
                .contains("enrolled with another credential", "/reset", "procscope.hosts.gone-after");
        assertThat(shipper.deliverDue(FAR) - nanos.get()).isEqualTo(FIRST_WAIT.toNanos());
        assertThat(Files.exists(credentialFile)).isFalse();

        api.reset("node-1");
        nanos.addAndGet(FIRST_WAIT.toNanos());
        drainAll();

        assertThat(api.stored()).extracting(HostReport::reportId).containsExactly(id(1), id(2));
        assertThat(shipper.stats().credentialState()).isEqualTo("enrolled");
    }

    @Test
    void enrollsAgainWhenTheApiNoLongerKnowsTheCredential() throws IOException {
        shipper.submit(SampleReports.sample(1), FAR);
        api.reset("node-1"); // or the host was deleted: the credential is unknown now

        shipper.submit(SampleReports.sample(2), FAR);

        assertThat(shipper.stats().credentialState()).isEqualTo("unknown");
        assertThat(spooled()).containsExactly(id(2));
        nanos.addAndGet(FIRST_WAIT.toNanos());
        drainAll();

        assertThat(api.enrollments()).hasSize(2);
        assertThat(api.stored()).extracting(HostReport::reportId).containsExactly(id(1), id(2));
    }

    @Test
    void aWrongEnrollmentSecretKeepsTheReportsAndSaysWhichSettingToCheck() throws IOException {
        api.requireEnrollSecret("another-secret");

        shipper.submit(SampleReports.sample(1), FAR);

        assertThat(spooled()).containsExactly(id(1));
        assertThat(shipper.stats().credentialState()).isEqualTo("refused");
        assertThat(shipper.stats().credentialProblem()).contains("enrollment secret", "enroll-secret-file");
        assertThat(spool.rejected()).isEmpty();
    }

    @Test
    void honoursTheRetryAfterOfABusyApiWhenEnrolling() throws IOException {
        api.thenEnroll(new TestApi.Answer(
                429,
                "application/problem+json",
                "{\"title\":\"Too Many Requests\"}",
                Map.of("Retry-After", "120"),
                Duration.ZERO));

        shipper.submit(SampleReports.sample(1), FAR);

        assertThat(spooled()).containsExactly(id(1));
        assertThat(shipper.stats().credentialState()).as("not a refusal").isEqualTo("unenrolled");
        assertThat(shipper.stats().credentialProblem()).isNull();
        // 120 s plus a fifth of it times the jitter
        assertThat(shipper.deliverDue(FAR) - nanos.get())
                .isEqualTo(Duration.ofSeconds(132).toNanos());
        nanos.addAndGet(Duration.ofSeconds(132).toNanos());
        drainAll();
        assertThat(api.stored()).extracting(HostReport::reportId).containsExactly(id(1));
    }

    @Test
    void setsAsideASpooledReportOfTheHostsFormerName() throws IOException {
        HostReport former = named(SampleReports.sample(1), "old-name");
        spool.add(former.collectedAtMillis(), former.reportId(), ReportJson.toGzip(former));

        shipper.submit(SampleReports.sample(2), FAR);

        assertThat(spool.rejected()).extracting(Spool.Entry::reportId).containsExactly(id(1));
        assertThat(api.stored()).extracting(HostReport::reportId).containsExactly(id(2));
        assertThat(shipper.stats().credentialState()).isEqualTo("enrolled");
    }

    @Test
    void aRenameByAnOperatorIsARefusalThatKeepsTheReports() throws IOException {
        shipper.submit(SampleReports.sample(1), FAR);
        api.rename("node-1", "node-9");

        shipper.submit(SampleReports.sample(2), FAR); // 403 wrong-host: the report names node-1

        assertThat(shipper.stats().credentialState()).isEqualTo("refused");
        assertThat(shipper.stats().credentialProblem()).contains("bound to another host name");
        assertThat(spooled()).containsExactly(id(2));
        assertThat(spool.rejected()).isEmpty();
    }

    @Test
    void enrollsAgainWhenTheCredentialFileIsNotOne() throws IOException {
        Files.createDirectories(credentialFile.getParent());
        Files.writeString(credentialFile, "psh_not-json-at-all", StandardCharsets.UTF_8);
        restart();

        shipper.submit(SampleReports.sample(1), FAR);

        assertThat(api.enrollments()).hasSize(1);
        assertThat(ReportClient.scalarFields(Files.readAllBytes(credentialFile)))
                .containsEntry("hostname", "node-1");
        assertThat(warnings())
                .anySatisfy(w -> assertThat(w)
                        .contains("cannot use the credential file", "not the JSON")
                        .doesNotContain("psh_not-json"));
    }

    @Test
    void tightensACredentialFileAndItsOwnDirectoryOpenToOthers() throws IOException {
        shipper.submit(SampleReports.sample(1), FAR);
        Files.setPosixFilePermissions(credentialFile, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(credentialFile.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));

        restart(); // reads the file
        api.reset("node-1");
        shipper.submit(SampleReports.sample(2), FAR);
        nanos.addAndGet(FIRST_WAIT.toNanos());
        drainAll(); // enrolls again: writes the file

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentialFile)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentialFile.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void neverLogsTheCredentialOrTheSecret() throws IOException {
        shipper.submit(SampleReports.sample(1), FAR);
        List<String> issued = new ArrayList<>(List.of(api.credentialOf("node-1")));
        api.revoke("node-1");
        shipper.submit(SampleReports.sample(2), FAR);
        api.reset("node-1");
        nanos.addAndGet(FIRST_WAIT.toNanos());
        drainAll();
        issued.add(api.credentialOf("node-1"));

        assertThat(log).hasSizeGreaterThan(3);
        for (LogRecord r : log) {
            String line = new java.util.logging.SimpleFormatter().format(r);
            for (String secret : issued) {
                assertThat(line).doesNotContain(secret).doesNotContain(secret.substring(4));
            }
            assertThat(line).doesNotContain(SECRET);
        }
        assertThat(new Credential("node-1", issued.get(1), 1L).toString()).doesNotContain(issued.get(1));
    }

    /** Lets the shipper do what is due, as the agent's loop does between collections, until it waits. */
    private void drainAll() {
        for (int i = 0; i < 100 && shipper.deliverDue(FAR) == nanos.get(); i++) {
            // more was sent: go on
        }
    }

    private List<UUID> spooled() throws IOException {
        return spool.entries().stream().map(Spool.Entry::reportId).toList();
    }

    private List<String> warnings() {
        return messages(Level.WARNING);
    }

    private List<String> infos() {
        return messages(Level.INFO);
    }

    private List<String> messages(Level level) {
        return log.stream()
                .filter(r -> r.getLevel() == level)
                .map(LogRecord::getMessage)
                .toList();
    }

    private static HostReport named(HostReport r, String hostname) {
        HostInfo h = r.host();
        return new HostReport(
                r.schemaVersion(),
                r.reportId(),
                r.agentVersion(),
                r.collectedAtMillis(),
                new HostInfo(
                        hostname,
                        h.osName(),
                        h.osVersion(),
                        h.kernelVersion(),
                        h.platform(),
                        h.architecture(),
                        h.cpuCount(),
                        h.memoryTotalBytes(),
                        h.bootTimeMillis()),
                r.metrics(),
                r.processes(),
                r.intervalMillis());
    }

    private static String enrollmentIdOf(TestApi.Request enrollment) {
        try {
            return ReportClient.scalarFields(enrollment.body()).get("enrollmentId");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static UUID id(int n) {
        return SampleReports.sample(n).reportId();
    }
}
