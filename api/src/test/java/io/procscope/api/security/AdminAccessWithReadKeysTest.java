package io.procscope.api.security;

import static io.procscope.api.security.ReadKeysProfile.FILE_READ_KEY;
import static io.procscope.api.security.ReadKeysProfile.READ_KEY;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.store;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.procscope.api.support.StoredRows;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Admin actions beside read keys: with an admin key set, a read key may read but not act, and the
 * admin key may do both. (The profile's admin key is {@code test-admin-key}.)
 */
@QuarkusTest
@TestProfile(ReadKeysProfile.class)
class AdminAccessWithReadKeysTest {

    static final String ADMIN_KEY = "test-admin-key";

    @Test
    void refusesAReadKeyForAdminActions() {
        String host = uniqueHost("read-key-admin");
        store(report(host, typicalProcesses()));
        var before = StoredRows.rowsOfHost(host);

        for (String key : new String[] {READ_KEY, FILE_READ_KEY}) {
            List<String> challenges = given().header("Authorization", "Bearer " + key)
                    .delete("/api/v1/admin/hosts/{h}", host)
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("detail", containsString("need an admin key"))
                    .extract()
                    .headers()
                    .getValues("WWW-Authenticate");
            // Basic first, so that a browser that holds the read key prompts for the admin key.
            assertThat(challenges).first().asString().startsWith("Basic ");
            given().auth()
                    .preemptive()
                    .basic("ops", key)
                    .get("/admin/hosts")
                    .then()
                    .statusCode(401);
        }

        assertThat(StoredRows.rowsOfHost(host)).isEqualTo(before);
    }

    @Test
    void takesTheAdminKeyForReadsAndActions() {
        given().header("Authorization", "Bearer " + ADMIN_KEY)
                .get("/api/v1/hosts")
                .then()
                .statusCode(200);
        given().auth().preemptive().basic("ops", ADMIN_KEY).get("/").then().statusCode(200);
        given().header("Authorization", "Bearer " + ADMIN_KEY)
                .get("/api/v1/admin/hosts")
                .then()
                .statusCode(200);
        given().auth()
                .preemptive()
                .basic("ops", ADMIN_KEY)
                .get("/admin/hosts")
                .then()
                .statusCode(200)
                .body(containsString("Manage hosts"));
    }

    @Test
    void readsTakeAKeyFromTheKeyFile() {
        given().header("Authorization", "Bearer " + FILE_READ_KEY)
                .get("/api/v1/hosts")
                .then()
                .statusCode(200);
    }

    @Test
    void anAdminActionWithoutKeyAsksForTheAdminKey() {
        given().delete("/api/v1/admin/hosts/some-host")
                .then()
                .statusCode(401)
                .body("detail", containsString("need an admin key"))
                .body("status", equalTo(401));
    }
}
