package io.procscope.api.security;

import static io.procscope.api.security.ReadKeysProfile.PREVIOUS_READ_KEY;
import static io.procscope.api.security.ReadKeysProfile.READ_KEY;
import static io.procscope.api.support.Reports.ENROLL_SECRET;
import static io.procscope.api.support.Reports.authorization;
import static io.procscope.api.support.Reports.postRaw;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.store;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.procscope.api.events.EventStream;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads with read keys set: every read needs one; agents, health and metrics are unaffected. */
@QuarkusTest
@TestProfile(ReadKeysProfile.class)
class ReadAccessTest {

    static final String BASIC_CHALLENGE = "Basic realm=\"procscope\", charset=\"UTF-8\"";

    @TestHTTPResource("/api/v1/events")
    URI events;

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/hosts", "/api/v1/hosts/some-host", "/", "/hosts", "/api/v1/events"})
    void refusesAReadWithoutKey(String path) {
        ValidatableResponse refused = given().accept("*/*")
                .get(path)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401))
                .body("detail", containsString("read key is required"));
        assertThat(challenges(refused)).contains(BASIC_CHALLENGE);
    }

    @Test
    void asksBrowsersForBasicCredentialsFirst() {
        assertThat(challenges(given().get("/hosts").then()))
                .containsExactly(BASIC_CHALLENGE, "Bearer realm=\"procscope\"");
    }

    @Test
    void refusesAWrongKey() {
        given().header("Authorization", "Bearer not-a-read-key")
                .get("/api/v1/hosts")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", equalTo("The read key is not valid."));
        given().auth()
                .preemptive()
                .basic("admin", "not-a-read-key")
                .get("/")
                .then()
                .statusCode(401);
    }

    @Test
    void refusesTheEnrollmentSecretAndHostCredentialsForReads() {
        given().header("Authorization", "Bearer " + ENROLL_SECRET)
                .get("/api/v1/hosts")
                .then()
                .statusCode(401);
        given().header("Authorization", authorization(uniqueHost("no-reader")))
                .get("/api/v1/hosts")
                .then()
                .statusCode(401);
    }

    @Test
    void readsWithABearerKey() {
        String host = storeReport();
        given().header("Authorization", "Bearer " + READ_KEY)
                .get("/api/v1/hosts")
                .then()
                .statusCode(200)
                .body("hostname", hasItem(host));
        given().header("Authorization", "Bearer " + READ_KEY)
                .get("/hosts/{host}", host)
                .then()
                .statusCode(200)
                .contentType(ContentType.HTML);
    }

    @Test
    void readsWithBasicCredentialsWhateverTheUserName() {
        given().auth().preemptive().basic("alice", READ_KEY).get("/").then().statusCode(200);
        given().auth()
                .preemptive()
                .basic("", READ_KEY)
                .get("/api/v1/hosts")
                .then()
                .statusCode(200);
    }

    @Test
    void acceptsEveryReadKeySoKeysCanRotate() {
        given().header("Authorization", "Bearer " + PREVIOUS_READ_KEY)
                .get("/api/v1/hosts")
                .then()
                .statusCode(200);
    }

    @Test
    void opensTheEventStreamWithAKey() throws Exception {
        String basic =
                "Basic " + Base64.getEncoder().encodeToString(("browser:" + READ_KEY).getBytes(StandardCharsets.UTF_8));
        try (EventStream stream = EventStream.open(events, basic)) {
            String host = storeReport();
            stream.awaitHost(host);
        }
    }

    @Test
    void keepsReportIngestOnTheHostsCredential() {
        storeReport();
        postRaw("{}", READ_KEY).statusCode(401).body("type", equalTo("urn:procscope:problem:credential-unknown"));
    }

    @Test
    void leavesHealthMetricsAndAssetsOpen() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("procscope_read_rejected_total"));
        given().get("/app/procscope.css").then().statusCode(200);
    }

    @Test
    void guardsTheApiDocumentation() {
        ValidatableResponse refused = given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401));
        assertThat(challenges(refused)).containsExactly(BASIC_CHALLENGE, "Bearer realm=\"procscope\"");
        given().redirects().follow(false).get("/q/swagger-ui/").then().statusCode(401);
        given().header("Authorization", "Bearer " + READ_KEY)
                .accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/events"));
        given().auth()
                .preemptive()
                .basic("alice", READ_KEY)
                .get("/q/swagger-ui/")
                .then()
                .statusCode(200);
    }

    static java.util.List<String> challenges(ValidatableResponse response) {
        return response.extract().headers().getValues("WWW-Authenticate");
    }

    String storeReport() {
        String host = uniqueHost("guarded");
        store(report(host, typicalProcesses()));
        return host;
    }
}
