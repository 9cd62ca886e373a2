package io.procscope.api.query;

import static io.procscope.api.support.Reports.postRaw;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.store;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Health, metrics and API documentation: what Kubernetes and Prometheus read. */
@QuarkusTest
class OperationsEndpointsTest {

    @Test
    void livenessIsUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessChecksTheDatabase() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")));
    }

    @Test
    void metricsCountIngestedReportsForPrometheus() {
        store(report(uniqueHost("metrics"), typicalProcesses()));
        postRaw("{}", "wrong");

        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("procscope_ingest_reports_total{outcome=\"stored\"}"))
                .body(containsString("procscope_ingest_rejected_total{reason=\"credential_unknown\"}"))
                .body(containsString("procscope_ingest_processes_total"))
                .body(containsString("procscope_ingest_duration_seconds_count"));
    }

    @Test
    void documentsTheApiWithOpenApi() {
        given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/reports"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/hosts/{hostname}/processes"))
                .body(
                        "paths.'/api/v1/hosts/{hostname}/processes'.get.parameters.find { it.name == 'container' }"
                                + ".description",
                        containsString("hex digits"))
                .body(
                        "paths.'/api/v1/hosts/{hostname}/processes'.get.parameters.find { it.name == 'pod' }"
                                + ".description",
                        containsString("namespace/name"));
    }

    @Test
    void documentsEnrollmentAndTheCredentialsOfEachEndpoint() {
        given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("components.securitySchemes.enrollmentSecret.scheme", equalTo("bearer"))
                .body("components.securitySchemes.hostCredential.scheme", equalTo("bearer"))
                .body("paths.'/api/v1/enroll'.post.security[0]", hasKey("enrollmentSecret"))
                .body("paths.'/api/v1/enroll'.post.responses", hasKey("201"))
                .body("paths.'/api/v1/enroll'.post.responses", hasKey("409"))
                .body("paths.'/api/v1/enroll'.post.responses", hasKey("429"))
                .body("paths.'/api/v1/enroll'.post.description", containsString("same enrollmentId"))
                .body("components.schemas.EnrollRequest.properties", hasKey("enrollmentId"))
                .body("paths.'/api/v1/reports'.post.security[0]", hasKey("hostCredential"))
                .body("paths.'/api/v1/reports'.post.responses", hasKey("403"))
                .body("paths.'/api/v1/admin/hosts/{hostname}/revoke'.post.responses", hasKey("404"))
                .body("paths.'/api/v1/admin/hosts/{hostname}/reset'.post.responses", hasKey("200"));
    }
}
