package io.procscope.agent.ship;

import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.agent.config.AgentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's transport against a real TLS server and a real proxy, with a CA made for the test: the
 * right CA connects and the report arrives; a wrong CA, the JDK's public CAs or a certificate for
 * another host are refused before anything is sent, said once in the log, and the report stays in
 * the spool; an https API is reached through a proxy's {@code CONNECT} tunnel unless {@code no-proxy}
 * names it.
 */
class ApiTransportTest {

    private static final long FAR = Long.MAX_VALUE / 2;
    private static final String SAN = "ip:127.0.0.1,dns:localhost";

    @TempDir
    static Path pki;

    private static TestCa ca;
    private static TestCa otherCa;
    private static SSLContext serverTls;
    private static SSLContext wrongHostTls;

    @TempDir
    Path state;

    private final List<LogRecord> log = new CopyOnWriteArrayList<>();
    private final Logger shipLog = Logger.getLogger("io.procscope.agent.ship");
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

    @BeforeAll
    static void makeCas() {
        ca = TestCa.create(pki, "right");
        otherCa = TestCa.create(pki, "other");
        serverTls = ca.issueServer("api", SAN);
        wrongHostTls = ca.issueServer("elsewhere", "dns:elsewhere.example");
    }

    @BeforeEach
    void captureLog() {
        shipLog.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        shipLog.removeHandler(capture);
    }

    @Test
    void theRightCaConnectsAndTheReportArrives() throws IOException {
        try (TestApi api = TestApi.startTls(serverTls)) {
            ReportShipper shipper = shipper(api, Map.of("ca-file", ca.pem().toString()));

            shipper.submit(SampleReports.sample(1), FAR);

            assertThat(api.stored())
                    .singleElement()
                    .extracting(r -> r.reportId())
                    .isEqualTo(SampleReports.sample(1).reportId());
            assertThat(api.enrollments()).hasSize(1);
            assertThat(shipper.stats().tlsProblem()).isNull();
            assertThat(shipper.stats().tlsFailures()).isZero();
            assertThat(shipper.hasBacklog()).isFalse();
        }
    }

    @Test
    void aWrongCaIsRefusedOnceInTheLogAndTheReportStaysSpooled() throws IOException {
        try (TestApi api = TestApi.startTls(serverTls)) {
            Path wrong = Files.copy(otherCa.pem(), state.resolve("ca.pem"));
            ReportShipper shipper = shipper(api, Map.of("ca-file", wrong.toString(), "enroll-secret", "s3cret-enroll"));

            shipper.submit(SampleReports.sample(1), FAR);
            sleepPastTheBackoff();
            shipper.submit(SampleReports.sample(2), FAR);

            assertThat(api.enrollments()).as("nothing reaches the API").isEmpty();
            assertThat(api.stored()).isEmpty();
            assertThat(spooledIds())
                    .containsExactly(
                            SampleReports.sample(1).reportId().toString(),
                            SampleReports.sample(2).reportId().toString());
            String problem = shipper.stats().tlsProblem();
            assertThat(problem)
                    .startsWith("TLS with the API at " + api.url() + " fails: the API's certificate is not signed by a"
                            + " trusted CA (")
                    .contains("trusting the 1 certificate of ca-file " + wrong);
            assertThat(shipper.stats().tlsFailures()).isPositive();
            assertThat(severe())
                    .as("one line for the state change, not one per attempt")
                    .containsExactly(problem);
            assertThat(everyLine()).noneMatch(l -> l.contains("s3cret-enroll"));
        }
    }

    @Test
    void withoutCaFileTheJdksPublicCasRefuseAPrivateOne() throws IOException {
        try (TestApi api = TestApi.startTls(serverTls)) {
            ReportShipper shipper = shipper(api, Map.of());

            shipper.submit(SampleReports.sample(1), FAR);

            assertThat(api.stored()).isEmpty();
            assertThat(shipper.stats().tlsProblem())
                    .contains("not signed by a trusted CA", "trusting the JDK's CAs (set ca-file for a private CA)");
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws IOException {
        try (TestApi api = TestApi.startTls(wrongHostTls)) {
            ReportShipper shipper = shipper(api, Map.of("ca-file", ca.pem().toString()));

            shipper.submit(SampleReports.sample(1), FAR);

            assertThat(api.enrollments()).isEmpty();
            assertThat(shipper.stats().tlsProblem()).contains("the API's certificate is not issued for 127.0.0.1");
            assertThat(shipper.hasBacklog()).isTrue();
        }
    }

    @Test
    void aCaFileReplacedInPlaceIsReadAgainAndTheSpoolDrains() throws IOException {
        try (TestApi api = TestApi.startTls(serverTls)) {
            Path mounted = Files.copy(otherCa.pem(), state.resolve("ca.pem"));
            ReportShipper shipper = shipper(api, Map.of("ca-file", mounted.toString()));
            shipper.submit(SampleReports.sample(1), FAR);
            assertThat(shipper.stats().tlsProblem()).isNotNull();

            // as a Secret's update does: new content, new modification time
            Files.copy(ca.pem(), mounted, StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(
                    mounted,
                    FileTime.fromMillis(Files.getLastModifiedTime(mounted).toMillis() + 5_000));
            sleepPastTheBackoff();
            shipper.submit(SampleReports.sample(2), FAR);

            assertThat(api.stored())
                    .extracting(r -> r.reportId())
                    .containsExactly(
                            SampleReports.sample(1).reportId(),
                            SampleReports.sample(2).reportId());
            assertThat(shipper.stats().tlsProblem()).isNull();
            assertThat(everyLine())
                    .anyMatch(l -> l.startsWith("ca-file " + mounted + " changed: trusting its 1 certificate now"))
                    .anyMatch(l -> l.startsWith("TLS with the API at " + api.url() + " verifies again"));
        }
    }

    @Test
    void anHttpsApiIsReachedThroughTheProxysTunnel() throws IOException {
        try (TestApi api = TestApi.startTls(serverTls);
                TestProxy proxy = TestProxy.start()) {
            ReportShipper shipper = shipper(
                    api,
                    Map.of("ca-file", ca.pem().toString(), "proxy", proxy.url().toString()));

            shipper.submit(SampleReports.sample(1), FAR);

            assertThat(api.stored()).hasSize(1);
            assertThat(proxy.tunnels()).isNotEmpty().allMatch(t -> t.equals("127.0.0.1:" + api.port()));
            assertThat(proxy.forwarded()).isEmpty();
        }
    }

    @Test
    void noProxyNamingTheApiBypassesTheProxy() throws IOException {
        try (TestApi api = TestApi.startTls(serverTls);
                TestProxy proxy = TestProxy.start()) {
            ReportShipper shipper = shipper(
                    api,
                    Map.of(
                            "ca-file", ca.pem().toString(),
                            "proxy", proxy.url().toString(),
                            "no-proxy", "example.com,127.0.0.0/8"));

            shipper.submit(SampleReports.sample(1), FAR);

            assertThat(api.stored()).hasSize(1);
            assertThat(proxy.tunnels()).isEmpty();
            assertThat(proxy.forwarded()).isEmpty();
        }
    }

    @Test
    void aProxysBasicChallengeIsAnsweredWithTheUrlsCredentialsNeverLogged() throws IOException {
        // plain http through the proxy: the request is forwarded, not tunnelled (see TlsIT for a tunnel)
        try (TestApi api = TestApi.start();
                TestProxy proxy = TestProxy.start().requireBasic("agent", "pr0xy-pw")) {
            String proxyUrl = "http://agent:pr0xy-pw@127.0.0.1:" + proxy.port();
            AgentConfig config = config(api, Map.of("proxy", proxyUrl));
            ReportShipper shipper = shipper(config);

            shipper.submit(SampleReports.sample(1), FAR);

            assertThat(api.stored()).hasSize(1);
            assertThat(proxy.challenges()).isPositive();
            assertThat(proxy.forwarded()).contains(api.url() + "/api/v1/enroll", api.url() + "/api/v1/reports");
            assertThat(config.toString()).doesNotContain("pr0xy-pw").contains("(with credentials)");
            assertThat(everyLine()).noneMatch(l -> l.contains("pr0xy-pw"));
        }
    }

    @Test
    void aProxyRefusingTheCredentialsKeepsTheReportSpooled() throws IOException {
        try (TestApi api = TestApi.start();
                TestProxy proxy = TestProxy.start().requireBasic("agent", "right-pw")) {
            ReportShipper shipper = shipper(api, Map.of("proxy", "http://agent:wrong-pw@127.0.0.1:" + proxy.port()));

            shipper.submit(SampleReports.sample(1), FAR);

            assertThat(api.requests()).isEmpty();
            assertThat(shipper.hasBacklog()).isTrue();
            assertThat(everyLine())
                    .anyMatch(l -> l.contains("407 Proxy Authentication Required"))
                    .noneMatch(l -> l.contains("wrong-pw"));
        }
    }

    private AgentConfig config(TestApi api, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of(
                "api-url", api.url().toString(),
                "credential-file", state.resolve("credential").toString(),
                "spool-dir", state.resolve("spool").toString(),
                "timeout", "5s",
                "interval", "100ms"));
        all.putAll(settings);
        return AgentConfig.fromMap(all);
    }

    private ReportShipper shipper(TestApi api, Map<String, String> settings) throws IOException {
        return shipper(config(api, settings));
    }

    private static ReportShipper shipper(AgentConfig config) throws IOException {
        Spool spool = Spool.open(config.spoolDir(), 1 << 20);
        ApiTransport transport = ApiTransport.of(config, "test");
        return new ReportShipper(
                new ReportClient(transport),
                Enrollment.of(config, spool, transport, "test"),
                spool,
                config.interval(),
                config.refusedRetry());
    }

    private List<String> spooledIds() throws IOException {
        return Spool.open(state.resolve("spool"), 1 << 20).entries().stream()
                .map(e -> e.reportId().toString())
                .toList();
    }

    /** The backoff after a failure is capped at the interval, 100 ms here. */
    private static void sleepPastTheBackoff() {
        try {
            Thread.sleep(150);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<String> severe() {
        return log.stream()
                .filter(r -> r.getLevel() == Level.SEVERE)
                .map(LogRecord::getMessage)
                .toList();
    }

    private List<String> everyLine() {
        return log.stream()
                .map(r -> new java.util.logging.SimpleFormatter().formatMessage(r))
                .toList();
    }
}
