package io.procscope.api.identity;

import static io.procscope.api.identity.EnrollmentTest.admin;
import static io.procscope.api.identity.EnrollmentTest.credentialOf;
import static io.procscope.api.identity.EnrollmentTest.sha256;
import static io.procscope.api.support.Reports.ENROLL_SECRET;
import static io.procscope.api.support.Reports.PREVIOUS_ENROLL_SECRET;
import static io.procscope.api.support.Reports.enroll;
import static io.procscope.api.support.Reports.post;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.procscope.api.support.StoredRows.everyTable;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.procscope.agent.Agent;
import io.procscope.api.domain.AgentCredential;
import io.procscope.api.support.AnswerCuttingProxy;
import io.procscope.api.support.RealAgent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An enrollment whose answer never reached the agent (its timeout passed, the connection broke
 * after the API committed): its retry, with the same enrollment id, is answered with a fresh
 * credential as long as no report used the first, and refused (409) in every other case, so that
 * knowing the enrollment secret is not enough to take over a host. Retries at once leave exactly
 * one credential. Then the real agent, behind a proxy that loses the API's first answers, enrolls
 * and reports. On the embedded SQLite database; {@link PostgresLostEnrollmentAnswerTest} runs them
 * on PostgreSQL.
 */
@QuarkusTest
public class LostEnrollmentAnswerTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TestHTTPResource("/")
    URL api;

    @Test
    void aRetryWithTheSameEnrollmentIdBeforeAnyReportGetsAFreshCredentialThatReplacesTheFirst() {
        String host = uniqueHost("lost-answer");
        String enrollmentId = newEnrollmentId();
        String lost = credential(enrollWithId(host, ENROLL_SECRET, enrollmentId).statusCode(201));
        Map<String, Long> before = everyTable();

        ValidatableResponse retried = enrollWithId(host, ENROLL_SECRET, enrollmentId)
                .statusCode(201)
                .contentType(ContentType.JSON)
                .body("hostname", equalTo(host));
        String renewed = credential(retried);

        assertThat(renewed).matches(EnrollmentTest.CREDENTIAL).isNotEqualTo(lost);
        assertThat(everyTable()).as("the same row, replaced").isEqualTo(before);
        AgentCredential stored = credentialOf(host);
        assertThat(stored.digest).isEqualTo(sha256(renewed));
        assertThat(stored.enrollmentDigest).isEqualTo(sha256(enrollmentId));
        assertThat(stored.enrolledMillis)
                .isEqualTo(retried.extract().<Number>path("enrolledAtMillis").longValue());
        post(report(host, typicalProcesses()), lost)
                .statusCode(401)
                .body("type", equalTo("urn:procscope:problem:credential-unknown"));
        post(report(host, typicalProcesses()), renewed).statusCode(202);

        // once the host has reported, the same retry is a second enrollment: refused, the credential kept
        enrollWithId(host, ENROLL_SECRET, enrollmentId)
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:procscope:problem:host-enrolled"));
        assertThat(credentialOf(host).digest).isEqualTo(sha256(renewed));
        given().get("/q/metrics").then().body(containsString("procscope_enroll_reissued_total"));
    }

    @Test
    void theEnrollmentSecretAloneCannotReplaceAnUnusedCredential() {
        String host = uniqueHost("lost-guarded");
        String enrollmentId = newEnrollmentId();
        String first =
                credential(enrollWithId(host, ENROLL_SECRET, enrollmentId).statusCode(201));
        Map<String, Long> before = everyTable();

        for (String secret : List.of(ENROLL_SECRET, PREVIOUS_ENROLL_SECRET)) {
            enrollWithId(host, secret, newEnrollmentId())
                    .statusCode(409)
                    .body("type", equalTo("urn:procscope:problem:host-enrolled"));
            enroll(host, secret).statusCode(409).body("type", equalTo("urn:procscope:problem:host-enrolled"));
        }
        enrollWithId(host, "not-a-secret", enrollmentId).statusCode(401);

        assertThat(everyTable()).isEqualTo(before);
        assertThat(credentialOf(host).digest).as("the first credential kept").isEqualTo(sha256(first));
        admin("revoke", host).statusCode(200);
        enrollWithId(host, ENROLL_SECRET, enrollmentId)
                .statusCode(409)
                .body("type", equalTo("urn:procscope:problem:host-revoked"));
        // the secret has rotated between two attempts: the retry still holds
        admin("reset", host).statusCode(200);
        String again = newEnrollmentId();
        enrollWithId(host, ENROLL_SECRET, again).statusCode(201);
        String rotated =
                credential(enrollWithId(host, PREVIOUS_ENROLL_SECRET, again).statusCode(201));
        assertThat(credentialOf(host).enrolledWith)
                .isEqualTo(sha256(PREVIOUS_ENROLL_SECRET).substring(0, 12));
        post(report(host, typicalProcesses()), rotated).statusCode(202);
    }

    @Test
    void anAgentWithoutAnEnrollmentIdIsRefusedASecondTimeAsBefore() {
        String host = uniqueHost("lost-legacy");
        enroll(host, ENROLL_SECRET).statusCode(201);

        enroll(host, ENROLL_SECRET).statusCode(409).body("type", equalTo("urn:procscope:problem:host-enrolled"));
        enrollWithId(host, ENROLL_SECRET, newEnrollmentId()).statusCode(409);
        assertThat(credentialOf(host).enrollmentDigest).isNull();
    }

    @Test
    void aHostThatReportedIsNotReplacedEvenWhereItsLastUseWasNotWritten() {
        String host = uniqueHost("lost-reported");
        String enrollmentId = newEnrollmentId();
        String credential = credential(enrollWithId(host, ENROLL_SECRET, enrollmentId));
        post(report(host, typicalProcesses()), credential).statusCode(202);
        // as when noting the first use failed (it is only logged): the host's newest report still tells
        QuarkusTransaction.requiringNew()
                .run(() -> AgentCredential.update("lastUsedMillis = null where hostname = ?1", host));

        enrollWithId(host, ENROLL_SECRET, enrollmentId)
                .statusCode(409)
                .body("type", equalTo("urn:procscope:problem:host-enrolled"));
        assertThat(credentialOf(host).digest).isEqualTo(sha256(credential));
    }

    @Test
    void retriesAtOnceLeaveExactlyOneCredentialTheLastIssued() throws Exception {
        String host = uniqueHost("lost-racing");
        String enrollmentId = newEnrollmentId();
        List<Response> answers = new ArrayList<>();
        answers.add(enrollWithId(host, ENROLL_SECRET, enrollmentId).extract().response());

        answers.addAll(atOnce(
                8,
                () -> enrollWithId(host, ENROLL_SECRET, enrollmentId).extract().response()));

        assertThat(answers).extracting(Response::statusCode).containsOnly(201);
        assertOneValidCredential(host, answers);
    }

    @Test
    void firstAttemptsAtOnceWithOneEnrollmentIdLeaveExactlyOneCredential() throws Exception {
        String host = uniqueHost("lost-first");
        String enrollmentId = newEnrollmentId();

        List<Response> answers = atOnce(
                6,
                () -> enrollWithId(host, ENROLL_SECRET, enrollmentId).extract().response());

        assertThat(answers).extracting(Response::statusCode).containsOnly(201);
        assertOneValidCredential(host, answers);
    }

    @Test
    void twoAgentsRacingForOneNameLeaveOneEnrolled() throws Exception {
        String host = uniqueHost("lost-rivals");
        List<String> ids = List.of(newEnrollmentId(), newEnrollmentId());
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Response>> sent = new ArrayList<>();
            for (String id : ids) {
                sent.add(pool.submit(() -> {
                    go.await();
                    return enrollWithId(host, ENROLL_SECRET, id).extract().response();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> f : sent) {
                statuses.add(f.get(60, TimeUnit.SECONDS).statusCode());
            }
            assertThat(statuses).containsExactlyInAnyOrder(201, 409);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The real agent enrolls through a proxy that loses the API's answer to its enrollment twice
     * (the JDK resends a POST once when the connection breaks, so the agent's own retry comes
     * third): the API stored a credential each time, and the agent still enrolls and reports.
     */
    @Test
    void theRealAgentEnrollsAndReportsAfterTheApisAnswersAreLost(@TempDir Path work) throws Exception {
        String host = uniqueHost("lost-agent");
        Path spool = work.resolve("spool");
        Path credentialFile = work.resolve("state/credential");
        Map<String, String> settings = new HashMap<>();
        settings.put("credential-file", credentialFile.toString());
        settings.put("timeout", "5s");
        try (AnswerCuttingProxy proxy = new AnswerCuttingProxy(api.getHost(), api.getPort())) {
            proxy.cutEnrollmentAnswers(2);
            URL behindProxy = new URL("http://127.0.0.1:" + proxy.port() + "/");

            try (Agent.Running agent = RealAgent.start(behindProxy, host, spool, Duration.ofSeconds(1), settings)) {
                awaitReported(host);
            }

            assertThat(proxy.answersCut())
                    .as("answers the API gave and the agent never got")
                    .isEqualTo(2);
        }
        String kept = fieldOf(Files.readString(credentialFile), "credential");
        AgentCredential stored = credentialOf(host);
        assertThat(stored.digest)
                .as("the agent holds the credential the API knows")
                .isEqualTo(sha256(kept));
        assertThat(stored.lastUsedMillis).isNotNull();
        assertThat(stored.enrollmentDigest).isNotNull();
        assertThat(credentialFile.resolveSibling("credential.enrollment"))
                .as("an accepted report ends the enrollment")
                .doesNotExist();
        given().get("/api/v1/hosts/{h}", host).then().statusCode(200).body("hostname", equalTo(host));
    }

    static ValidatableResponse enrollWithId(String hostname, String secret, String enrollmentId) {
        return given().header("Authorization", "Bearer " + secret)
                .contentType(ContentType.JSON)
                .body(Map.of("hostname", hostname, "agentVersion", "0.1.0-test", "enrollmentId", enrollmentId))
                .post("/api/v1/enroll")
                .then();
    }

    /** 128 random bits, base64url: an enrollment id as the agent makes them. */
    static String newEnrollmentId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String credential(ValidatableResponse enrolled) {
        return enrolled.extract().path("credential");
    }

    /** Sends {@code n} requests at once, from as many threads released together; their answers. */
    private static <T> List<T> atOnce(int n, Callable<T> request) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> sent = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sent.add(pool.submit(() -> {
                    go.await();
                    return request.call();
                }));
            }
            go.countDown();
            List<T> answers = new ArrayList<>();
            for (Future<T> f : sent) {
                answers.add(f.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Of the credentials answered, exactly one reports (the stored one), every other is unknown, and
     * the one that holds was issued last.
     */
    private static void assertOneValidCredential(String host, List<Response> answers) {
        List<String> credentials =
                answers.stream().map(r -> r.jsonPath().getString("credential")).toList();
        assertThat(credentials).doesNotHaveDuplicates();
        String stored = credentialOf(host).digest;
        List<String> valid =
                credentials.stream().filter(c -> sha256(c).equals(stored)).toList();
        assertThat(valid).hasSize(1);
        long latest = answers.stream()
                .mapToLong(r -> r.jsonPath().getLong("enrolledAtMillis"))
                .max()
                .orElseThrow();
        Response holding = answers.get(credentials.indexOf(valid.get(0)));
        assertThat(holding.jsonPath().getLong("enrolledAtMillis")).isEqualTo(latest);
        long collectedAt = System.currentTimeMillis() - 60_000;
        for (String credential : credentials) {
            int status = post(report(host, collectedAt++, typicalProcesses()), credential)
                    .extract()
                    .statusCode();
            assertThat(status)
                    .as("a report with each answered credential")
                    .isEqualTo(credential.equals(valid.get(0)) ? 202 : 401);
        }
    }

    private static void awaitReported(String host) throws InterruptedException {
        long deadline = System.nanoTime() + RealAgent.DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (given().get("/api/v1/hosts/{h}", host).statusCode() == 200) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("host " + host + " did not report within " + RealAgent.DEADLINE);
    }

    private static String fieldOf(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        assertThat(m.find())
                .as(field + " in " + json.replaceAll("psh_[A-Za-z0-9_-]+", "psh_***"))
                .isTrue();
        return m.group(1);
    }
}
