package io.procscope.api.identity;

import static io.procscope.api.support.Reports.ADMIN_KEY;
import static io.procscope.api.support.Reports.ENROLL_SECRET;
import static io.procscope.api.support.Reports.PREVIOUS_ENROLL_SECRET;
import static io.procscope.api.support.Reports.enroll;
import static io.procscope.api.support.Reports.post;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.procscope.api.support.StoredRows.everyTable;
import static io.procscope.api.support.StoredRows.rowsOfHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.procscope.api.config.ProcscopeConfig;
import io.procscope.api.domain.AgentCredential;
import io.procscope.api.support.TestClock;
import io.procscope.dto.HostReport;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Enrollment binds a hostname to a credential of its own; a bound hostname is refused until an
 * operator resets it or the host has been gone for gone-after; operators revoke and reset
 * credentials. On the embedded SQLite database; {@link PostgresEnrollmentTest} runs them on
 * PostgreSQL.
 */
@QuarkusTest
public class EnrollmentTest {

    static final String CREDENTIAL = "psh_[A-Za-z0-9_-]{43}";

    @Inject
    NewHostLimit newHosts;

    @Inject
    ProcscopeConfig config;

    @AfterEach
    void resetClockAndLimit() {
        TestClock.reset();
        newHosts.limitTo(config.ingest().newHostsPerMinute());
    }

    @Test
    void enrollsANewHostWithACredentialStoredOnlyAsItsDigest() {
        String host = uniqueHost("enroll");
        long before = System.currentTimeMillis();

        ValidatableResponse enrolled = enroll(host, ENROLL_SECRET)
                .statusCode(201)
                .contentType(ContentType.JSON)
                .body("hostname", equalTo(host));
        String credential = enrolled.extract().path("credential");
        long enrolledAt = enrolled.extract().<Number>path("enrolledAtMillis").longValue();

        assertThat(credential).matches(CREDENTIAL);
        assertThat(enrolledAt).isBetween(before, System.currentTimeMillis());
        AgentCredential stored = credentialOf(host);
        assertThat(stored.digest).isEqualTo(sha256(credential)).isNotEqualTo(credential);
        assertThat(stored.enrolledWith).isEqualTo(sha256(ENROLL_SECRET).substring(0, 12));
        assertThat(stored.agentVersion).isEqualTo("0.1.0-test");
        assertThat(stored.enrolledMillis).isEqualTo(enrolledAt);
        assertThat(stored.lastUsedMillis).isNull();

        HostReport report = report(host, typicalProcesses());
        post(report, credential).statusCode(202);
        assertThat(credentialOf(host).lastUsedMillis)
                .as("noted at its first use")
                .isNotNull();
        long lastUsed = credentialOf(host).lastUsedMillis;
        post(report(host, report.collectedAtMillis() + 10_000, typicalProcesses()), credential)
                .statusCode(202);
        assertThat(credentialOf(host).lastUsedMillis)
                .as("written once a minute at most")
                .isEqualTo(lastUsed);
    }

    @Test
    void enrollmentNeedsAnEnrollmentSecretNotAHostCredential() {
        String host = uniqueHost("secretless");
        String credential =
                enroll(uniqueHost("enrolled"), ENROLL_SECRET).extract().path("credential");
        Map<String, Long> before = everyTable();

        given().contentType(ContentType.JSON)
                .body(Map.of("hostname", host))
                .post("/api/v1/enroll")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer realm=\"procscope\"")
                .body("detail", containsString("enrollment secret is required"));
        enroll(host, "not-a-secret").statusCode(401).contentType("application/problem+json");
        enroll(host, credential)
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("host credential, not an enrollment secret"));

        assertThat(everyTable()).isEqualTo(before);
    }

    @Test
    void refusesABoundHostnameWhileItsCredentialIsInUse() {
        String host = uniqueHost("bound");
        String credential =
                enroll(host, ENROLL_SECRET).statusCode(201).extract().path("credential");
        post(report(host, typicalProcesses()), credential).statusCode(202);
        Map<String, Long> before = everyTable();

        for (String secret : List.of(ENROLL_SECRET, PREVIOUS_ENROLL_SECRET)) {
            enroll(host, secret)
                    .statusCode(409)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:procscope:problem:host-enrolled"))
                    .body("detail", containsString("POST /api/v1/admin/hosts/" + host + "/reset"))
                    .body("detail", containsString("gone for 24h"));
        }

        assertThat(everyTable()).isEqualTo(before);
        assertThat(credentialOf(host).digest).as("the credential kept").isEqualTo(sha256(credential));
        post(report(host, System.currentTimeMillis() + 1_000, typicalProcesses()), credential)
                .statusCode(202);
    }

    @Test
    void allowsEnrollmentAgainAfterAResetAndKeepsTheHistory() {
        String host = uniqueHost("reset");
        String old = enroll(host, ENROLL_SECRET).extract().path("credential");
        HostReport first = report(host, typicalProcesses());
        post(first, old).statusCode(202);
        enroll(host, ENROLL_SECRET).statusCode(409);
        Map<String, List<String>> history = historyOf(host);

        admin("reset", host)
                .statusCode(200)
                .body("hostname", equalTo(host))
                .body("status", equalTo("reporting"))
                .body("credential", nullValue());

        assertThat(historyOf(host)).as("the host and its history").isEqualTo(history);
        post(report(host, first.collectedAtMillis() + 10_000, typicalProcesses()), old)
                .statusCode(401)
                .body("type", equalTo("urn:procscope:problem:credential-unknown"));
        String renewed = enroll(host, ENROLL_SECRET).statusCode(201).extract().path("credential");
        assertThat(renewed).isNotEqualTo(old);
        post(report(host, first.collectedAtMillis() + 20_000, typicalProcesses()), renewed)
                .statusCode(202);
        given().get("/api/v1/hosts/{h}", host).then().statusCode(200).body("hostname", equalTo(host));
    }

    @Test
    void allowsEnrollmentAgainOnceTheHostHasBeenGoneForGoneAfter() {
        Duration goneAfter = config.hosts().goneAfter();
        String host = uniqueHost("gone");
        String old = enroll(host, ENROLL_SECRET).extract().path("credential");
        post(report(host, typicalProcesses()), old).statusCode(202);
        Instant now = Instant.now();

        TestClock.travelTo(now.plus(goneAfter).minus(Duration.ofMinutes(5)));
        enroll(host, ENROLL_SECRET).statusCode(409);

        TestClock.travelTo(now.plus(goneAfter).plus(Duration.ofMinutes(5)));
        String renewed = enroll(host, ENROLL_SECRET).statusCode(201).extract().path("credential");

        assertThat(credentialOf(host).digest).isEqualTo(sha256(renewed));
        TestClock.reset();
        post(report(host, typicalProcesses()), old)
                .statusCode(401)
                .body("type", equalTo("urn:procscope:problem:credential-unknown"));
        post(report(host, typicalProcesses()), renewed).statusCode(202);
    }

    @Test
    void judgesACredentialNeverUsedGoneByItsEnrollment() {
        Duration goneAfter = config.hosts().goneAfter();
        String host = uniqueHost("never-reported");
        enroll(host, ENROLL_SECRET).statusCode(201);
        Instant now = Instant.now();

        TestClock.travelTo(now.plus(goneAfter).minus(Duration.ofMinutes(5)));
        enroll(host, ENROLL_SECRET).statusCode(409);
        TestClock.travelTo(now.plus(goneAfter).plus(Duration.ofMinutes(5)));
        enroll(host, ENROLL_SECRET).statusCode(201);
    }

    @Test
    void aRevokedCredentialIsRefusedAndItsHostKeepsItsRows() {
        String host = uniqueHost("revoked");
        String credential = enroll(host, ENROLL_SECRET).extract().path("credential");
        HostReport first = report(host, typicalProcesses());
        post(first, credential).statusCode(202);
        AuditLog audit = AuditLog.listen();
        Map<String, List<String>> rows;
        try {
            admin("revoke", host)
                    .statusCode(200)
                    .body("hostname", equalTo(host))
                    .body("status", equalTo("reporting"))
                    .body("credential.revokedBy", startsWith(ADMIN_WHO + " from "))
                    .body(
                            "credential.enrolledWith",
                            equalTo(sha256(ENROLL_SECRET).substring(0, 12)));
            rows = historyOf(host);
        } finally {
            audit.close();
        }
        assertThat(audit.lines())
                .anySatisfy(line -> assertThat(line)
                        .matches("admin " + ADMIN_WHO.replace(":", "\\:") + " from \\S+ revoked host " + host));

        // at once on this replica, whatever it cached
        post(report(host, first.collectedAtMillis() + 10_000, typicalProcesses()), credential)
                .statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer realm=\"procscope\""))
                .contentType("application/problem+json")
                .body("type", equalTo("urn:procscope:problem:credential-revoked"))
                .body("detail", containsString(ADMIN_WHO));
        assertThat(historyOf(host)).as("the host's rows").isEqualTo(rows);
        enroll(host, ENROLL_SECRET)
                .statusCode(409)
                .body("type", equalTo("urn:procscope:problem:host-revoked"))
                .body("detail", containsString("/reset"));
        // revoking again keeps the first revocation
        Long revokedAt = credentialOf(host).revokedMillis;
        admin("revoke", host).statusCode(200);
        assertThat(credentialOf(host).revokedMillis).isEqualTo(revokedAt);

        admin("reset", host).statusCode(200);
        String renewed = enroll(host, ENROLL_SECRET).statusCode(201).extract().path("credential");
        post(report(host, first.collectedAtMillis() + 20_000, typicalProcesses()), renewed)
                .statusCode(202);
    }

    @Test
    void aRevocationByAnotherReplicaHoldsHereWithinTheCacheTtl() throws InterruptedException {
        String host = uniqueHost("elsewhere");
        String credential = enroll(host, ENROLL_SECRET).extract().path("credential");
        long collectedAt = System.currentTimeMillis() - 60_000;
        post(report(host, collectedAt, typicalProcesses()), credential).statusCode(202);

        // As another replica revokes it: the row changes, and nothing tells this replica's cache.
        QuarkusTransaction.requiringNew()
                .run(() -> AgentCredential.update(
                        "revokedMillis = ?1, revokedBy = ?2 where hostname = ?3",
                        System.currentTimeMillis(),
                        "sha256:0123456789ab",
                        host));
        long revokedAt = System.nanoTime();
        int status;
        int report = 0;
        do {
            status = post(report(host, collectedAt + ++report * 1_000, typicalProcesses()), credential)
                    .extract()
                    .statusCode();
            if (status == 202) {
                Thread.sleep(200);
            }
        } while (status == 202
                && System.nanoTime() - revokedAt < Duration.ofSeconds(15).toNanos());
        long tookMillis = (System.nanoTime() - revokedAt) / 1_000_000;

        assertThat(status).isEqualTo(401);
        assertThat(tookMillis)
                .as("refused within the cache's TTL (and a request's time)")
                .isLessThan(io.procscope.api.security.HostCredentials.CACHE_TTL_MILLIS + 2_000);
    }

    @Test
    void revokeAndResetAreJsonPostsOfKnownHosts() {
        String host = uniqueHost("admin");
        enroll(host, ENROLL_SECRET).statusCode(201);
        Map<String, Long> before = everyTable();

        for (String action : List.of("revoke", "reset")) {
            given().header("Authorization", "Bearer " + ADMIN_KEY)
                    .post("/api/v1/admin/hosts/{h}/" + action, host)
                    .then()
                    .statusCode(415)
                    .contentType("application/problem+json");
            given().header("Authorization", "Bearer " + ADMIN_KEY)
                    .contentType(ContentType.URLENC)
                    .formParam("x", "1")
                    .post("/api/v1/admin/hosts/{h}/" + action, host)
                    .then()
                    .statusCode(415);
            given().header("Authorization", "Bearer " + ADMIN_KEY)
                    .contentType(ContentType.TEXT)
                    .body("{}")
                    .post("/api/v1/admin/hosts/{h}/" + action, host)
                    .then()
                    .statusCode(415);
            admin(action, uniqueHost("nobody")).statusCode(404).contentType("application/problem+json");
        }
        assertThat(everyTable()).isEqualTo(before);
        assertThat(credentialOf(host).revokedMillis).isNull();

        // an enrolled host that never reported: reset leaves nothing of it
        admin("reset", host).statusCode(200).body("hostname", equalTo(host)).body("credential", nullValue());
        assertThat(credentialOf(host)).isNull();
    }

    @Test
    void aHostStoredBeforeHostIdentityIsBoundByItsFirstEnrollmentAndKeepsItsHistory() {
        String host = uniqueHost("upgraded");
        String credential = enroll(host, ENROLL_SECRET).extract().path("credential");
        HostReport first = report(host, System.currentTimeMillis() - 20_000, typicalProcesses());
        post(first, credential).statusCode(202);
        post(report(host, first.collectedAtMillis() + 10_000, typicalProcesses().subList(0, 3)), credential)
                .statusCode(202);
        // As V4 leaves a database of the shared-key version: hosts and history, no credential.
        QuarkusTransaction.requiringNew().run(() -> AgentCredential.delete("hostname", host));
        Map<String, List<String>> history = historyOf(host);
        // Old hosts are no new hosts: their enrollment is not limited.
        newHosts.limitTo(1);
        enroll(uniqueHost("new-one"), PREVIOUS_ENROLL_SECRET).statusCode(201);
        enroll(uniqueHost("new-two"), PREVIOUS_ENROLL_SECRET).statusCode(429);

        String bound =
                enroll(host, PREVIOUS_ENROLL_SECRET).statusCode(201).extract().path("credential");

        assertThat(historyOf(host)).as("the host and its history").isEqualTo(history);
        post(report(host, first.collectedAtMillis() + 20_000, typicalProcesses()), bound)
                .statusCode(202);
        given().get("/api/v1/hosts/{h}", host).then().statusCode(200);
        assertThat(rowsOfHost(host).get("snapshot")).hasSize(3);
    }

    @Test
    void limitsTheNewHostsOneSecretEnrollsAMinute() {
        String first = uniqueHost("new-a");
        String second = uniqueHost("new-b");
        String third = uniqueHost("new-c");
        newHosts.limitTo(2);

        enroll(first, ENROLL_SECRET).statusCode(201);
        enroll(second, ENROLL_SECRET).statusCode(201);
        Map<String, Long> before = everyTable();
        String retryAfter = enroll(third, ENROLL_SECRET)
                .statusCode(429)
                .contentType("application/problem+json")
                .body("title", equalTo("Too Many Requests"))
                .body("detail", containsString("procscope.ingest.new-hosts-per-minute"))
                .extract()
                .header("Retry-After");

        assertThat(Integer.parseInt(retryAfter))
                .as("two a minute: the next within 30 s")
                .isBetween(1, 30);
        assertThat(everyTable()).isEqualTo(before);
        // another secret has a budget of its own
        enroll(third, PREVIOUS_ENROLL_SECRET).statusCode(201);
        given().get("/q/metrics")
                .then()
                .body(containsString("procscope_enroll_rejected_total{reason=\"new_hosts\"}"))
                .body(containsString("procscope_enroll_enrolled_total"));
    }

    /** Who the tests' admin key is in the audit log: {@code sha256:} and 12 hex digits of its digest. */
    static final String ADMIN_WHO = "sha256:" + sha256(ADMIN_KEY).substring(0, 12);

    static ValidatableResponse admin(String action, String hostname) {
        return given().header("Authorization", "Bearer " + ADMIN_KEY)
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/api/v1/admin/hosts/{h}/" + action, hostname)
                .then();
    }

    static AgentCredential credentialOf(String hostname) {
        return QuarkusTransaction.requiringNew().call(() -> AgentCredential.<AgentCredential>findById(hostname));
    }

    static String sha256(String text) {
        return HexFormat.of().formatHex(io.procscope.api.security.KeyDigests.sha256(text));
    }

    /** The lines written to the audit log while it listens. */
    static final class AuditLog extends Handler implements AutoCloseable {
        private final List<String> lines = new ArrayList<>();
        private final Logger logger = Logger.getLogger("procscope.audit");

        static AuditLog listen() {
            AuditLog log = new AuditLog();
            log.logger.addHandler(log);
            return log;
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            Object[] parameters = record.getParameters();
            lines.add(parameters == null ? record.getMessage() : String.format(record.getMessage(), parameters));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }

    /** The host's rows in every table but its credential's, which enrolling, revoking and resetting change. */
    private static Map<String, List<String>> historyOf(String host) {
        Map<String, List<String>> rows = new java.util.TreeMap<>(rowsOfHost(host));
        rows.remove("agent_credential");
        return rows;
    }
}
