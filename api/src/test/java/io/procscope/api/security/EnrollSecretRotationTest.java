package io.procscope.api.security;

import static io.procscope.api.support.Reports.ENROLL_SECRET;
import static io.procscope.api.support.Reports.PREVIOUS_ENROLL_SECRET;
import static io.procscope.api.support.Reports.enroll;
import static io.procscope.api.support.Reports.post;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rotating the enrollment secret, adding a new one and then removing the old, changes who may
 * enroll, and nothing for the hosts enrolled: they report with their own credential. On the embedded
 * SQLite database; {@link PostgresEnrollSecretRotationTest} runs it on PostgreSQL.
 */
@QuarkusTest
public class EnrollSecretRotationTest {

    static final String NEXT_SECRET = "test-key-next-0123456789";

    @Inject
    EnrollSecrets secrets;

    @AfterEach
    void restoreTheTestSecrets() {
        secrets.rotateTo(List.of(ENROLL_SECRET, PREVIOUS_ENROLL_SECRET));
    }

    @Test
    void rotatingTheSecretDoesNotDisturbEnrolledHosts() {
        String old = uniqueHost("rotated-old");
        String oldCredential =
                enroll(old, PREVIOUS_ENROLL_SECRET).statusCode(201).extract().path("credential");
        post(report(old, System.currentTimeMillis() - 30_000, typicalProcesses()), oldCredential)
                .statusCode(202);

        // a second secret added
        secrets.rotateTo(List.of(PREVIOUS_ENROLL_SECRET, NEXT_SECRET));
        String next = uniqueHost("rotated-next");
        String nextCredential =
                enroll(next, NEXT_SECRET).statusCode(201).extract().path("credential");
        post(report(old, System.currentTimeMillis() - 20_000, typicalProcesses()), oldCredential)
                .statusCode(202);

        // the old secret removed
        secrets.rotateTo(List.of(NEXT_SECRET));
        enroll(uniqueHost("rotated-late"), PREVIOUS_ENROLL_SECRET).statusCode(401);
        post(report(old, System.currentTimeMillis() - 10_000, typicalProcesses()), oldCredential)
                .statusCode(202);
        post(report(next, typicalProcesses()), nextCredential).statusCode(202);
        // a removed secret is no credential either
        post(report(old, typicalProcesses()), PREVIOUS_ENROLL_SECRET)
                .statusCode(401)
                .body("type", org.hamcrest.Matchers.equalTo("urn:procscope:problem:credential-unknown"));
    }
}
