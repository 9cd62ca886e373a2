package io.procscope.api.security;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Reads without read keys, the embedded default: open to anyone who reaches the API. */
@QuarkusTest
class OpenReadAccessTest {

    @Test
    void readsNeedNoKeyWhenNoneIsSet() {
        given().get("/api/v1/hosts").then().statusCode(200);
        given().get("/").then().statusCode(200);
        given().accept("application/json").get("/q/openapi").then().statusCode(200);
    }
}
