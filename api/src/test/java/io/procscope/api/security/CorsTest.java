package io.procscope.api.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * CORS with the tests' {@code procscope.cors.origins} (https://console.example.test): a page of
 * that origin may call the API, a page of any other may not.
 */
@QuarkusTest
class CorsTest {

    static final String ALLOWED = "https://console.example.test";

    @Test
    void grantsAPreflightToTheConfiguredOrigin() {
        given().header("Origin", ALLOWED)
                .header("Access-Control-Request-Method", "DELETE")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/api/v1/admin/hosts/web-1")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(ALLOWED))
                .header("Access-Control-Allow-Methods", containsString("DELETE"))
                .header("Access-Control-Allow-Headers", containsString("Authorization"))
                .header("Access-Control-Allow-Credentials", equalTo("false"));
        given().header("Origin", ALLOWED)
                .get("/api/v1/hosts")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(ALLOWED))
                .header("Access-Control-Expose-Headers", containsString("X-Total-Count"));
    }

    @Test
    void refusesAnotherOrigin() {
        given().header("Origin", "https://evil.example.test")
                .header("Access-Control-Request-Method", "DELETE")
                .options("/api/v1/admin/hosts/web-1")
                .then()
                .statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://evil.example.test")
                .get("/api/v1/hosts")
                .then()
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
