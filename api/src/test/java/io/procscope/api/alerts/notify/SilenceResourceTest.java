package io.procscope.api.alerts.notify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.procscope.api.domain.Host;
import io.procscope.api.support.TestClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The silences' JSON API: set, listed, ended, refused whole when invalid, deleted once expired. */
@QuarkusTest
public class SilenceResourceTest {

    private static final String ADMIN_KEY = "test-admin-key";
    private static final String ADMIN = "Bearer " + ADMIN_KEY;
    private static final String PATH = "/api/v1/alerts/silences";

    @AfterEach
    void clockAgain() {
        TestClock.reset();
    }

    @Test
    void silenceIsSetListedAndEnded() throws Exception {
        String rule = rule();
        long before = System.currentTimeMillis();
        JsonPath created = given().header("Authorization", ADMIN)
                .contentType("application/json")
                .body(Map.of("rule", rule, "host", "web-1", "duration", "2h", "comment", "kernel upgrade"))
                .post(PATH)
                .then()
                .statusCode(201)
                .header("Location", startsWith("http"))
                .extract()
                .jsonPath();
        long id = created.getLong("id");
        assertThat(created.getString("rule")).isEqualTo(rule);
        assertThat(created.getString("host")).isEqualTo("web-1");
        assertThat(created.getLong("untilMillis") - before).isBetween(7_200_000L, 7_260_000L);
        assertThat(Instant.parse(created.getString("until")).toEpochMilli()).isEqualTo(created.getLong("untilMillis"));
        assertThat(created.getString("comment")).isEqualTo("kernel upgrade");
        String digest = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(ADMIN_KEY.getBytes(StandardCharsets.UTF_8)));
        assertThat(created.getString("createdBy")).isEqualTo("sha256:" + digest.substring(0, 12));

        assertThat(listedIds()).contains(id);
        given().header("Authorization", ADMIN).delete(PATH + "/" + id).then().statusCode(204);
        assertThat(listedIds()).doesNotContain(id);
        given().header("Authorization", ADMIN)
                .delete(PATH + "/" + id)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void silenceUntilATimeOnEveryHost() {
        Instant until = Instant.now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        JsonPath created = given().header("Authorization", ADMIN)
                .contentType("application/json")
                .body(Map.of("rule", rule(), "until", until.toString()))
                .post(PATH)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        assertThat(created.getLong("untilMillis")).isEqualTo(until.toEpochMilli());
        assertThat(created.getString("host")).isNull();
        assertThat(created.getString("comment")).isNull();
    }

    @Test
    void invalidSilencesAreRefusedWholeNamingTheField() {
        long before = silences();
        String rule = rule();
        String past = Instant.now().minusSeconds(60).toString();
        String far = Instant.now().plus(Duration.ofDays(400)).toString();
        Map<String, String> fieldOf = new java.util.LinkedHashMap<>();
        fieldOf.put("{\"duration\": \"1h\"}", "rule");
        fieldOf.put("{\"rule\": \"Bad Rule!\", \"duration\": \"1h\"}", "rule");
        fieldOf.put("{\"rule\": \"" + "r".repeat(101) + "\", \"duration\": \"1h\"}", "rule");
        fieldOf.put("{\"rule\": \"" + rule + "\"}", "duration");
        fieldOf.put("{\"rule\": \"" + rule + "\", \"duration\": \"1h\", \"until\": \"" + far + "\"}", "duration");
        fieldOf.put("{\"rule\": \"" + rule + "\", \"duration\": \"forever\"}", "duration");
        fieldOf.put("{\"rule\": \"" + rule + "\", \"duration\": \"0s\"}", "duration");
        fieldOf.put("{\"rule\": \"" + rule + "\", \"duration\": \"400d\"}", "duration");
        fieldOf.put("{\"rule\": \"" + rule + "\", \"duration\": \"-PT1H\"}", "duration");
        fieldOf.put("{\"rule\": \"" + rule + "\", \"until\": \"" + past + "\"}", "until");
        fieldOf.put("{\"rule\": \"" + rule + "\", \"until\": \"" + far + "\"}", "until");
        fieldOf.put("{\"rule\": \"" + rule + "\", \"until\": \"tomorrow\"}", "until");
        fieldOf.put("{\"rule\": \"" + rule + "\", \"duration\": \"1h\", \"host\": \"web\\u0000-1\"}", "host");
        fieldOf.put(
                "{\"rule\": \"" + rule + "\", \"duration\": \"1h\", \"host\": \"" + "h".repeat(254) + "\"}", "host");
        fieldOf.put("{\"rule\": \"" + rule + "\", \"duration\": \"1h\", \"host\": \"\"}", "host");
        fieldOf.put(
                "{\"rule\": \"" + rule + "\", \"duration\": \"1h\", \"comment\": \"" + "c".repeat(501) + "\"}",
                "comment");
        fieldOf.put("{\"rule\": \"" + rule + "\", \"duration\": \"1h\", \"comment\": \"a\\u0000b\"}", "comment");
        fieldOf.put("{\"rule\": \"" + rule + "\", \"duration\": \"1h\", \"hots\": \"web-1\"}", "hots");
        fieldOf.forEach((body, field) -> given().header("Authorization", ADMIN)
                .contentType("application/json")
                .body(body)
                .post(PATH)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo(field)));
        for (String body : List.of(
                "{\"rule\": 5, \"duration\": \"1h\"}",
                "{\"rule\": \"" + rule + "\", \"rule\": \"other\", \"duration\": \"1h\"}",
                "{\"rule\": \"" + rule + "\", \"duration\": \"1h\"",
                "[]",
                "",
                "{\"rule\": \"" + rule + "\", \"duration\": \"1h\"} {}")) {
            given().header("Authorization", ADMIN)
                    .contentType("application/json")
                    .body(body)
                    .post(PATH)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        given().header("Authorization", ADMIN)
                .contentType("application/json")
                .body("{\"rule\": \"" + rule + "\", \"duration\": \"1h\", \"comment\": \"" + "x".repeat(17_000) + "\"}")
                .post(PATH)
                .then()
                .statusCode(413)
                .contentType("application/problem+json");
        given().header("Authorization", ADMIN)
                .contentType("text/plain")
                .body("rule=" + rule)
                .post(PATH)
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
        given().header("Authorization", ADMIN)
                .delete(PATH + "/not-a-number")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertThat(silences()).as("nothing stored").isEqualTo(before);
    }

    @Test
    void listingIsBounded() {
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", ADMIN)
                    .contentType("application/json")
                    .body(Map.of("rule", rule(), "duration", "1h"))
                    .post(PATH)
                    .then()
                    .statusCode(201);
        }
        assertThat(given().queryParam("limit", 2)
                        .get(PATH)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("$"))
                .hasSize(2);
        for (String limit : List.of("0", "1001", "many", "-1")) {
            given().queryParam("limit", limit).get(PATH).then().statusCode(400).contentType("application/problem+json");
        }
    }

    @Test
    void expiredSilencesAreNotListedAndAreDeleted() {
        long id = given().header("Authorization", ADMIN)
                .contentType("application/json")
                .body(Map.of("rule", rule(), "duration", "1m"))
                .post(PATH)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        assertThat(listedIds()).contains(id);
        TestClock.travelTo(Instant.now().plusSeconds(120));
        assertThat(listedIds()).doesNotContain(id);
        assertThat(rowsWithId(id)).as("kept until the next pruning").isEqualTo(1);
        given().header("Authorization", ADMIN)
                .contentType("application/json")
                .body(Map.of("rule", rule(), "duration", "1h"))
                .post(PATH)
                .then()
                .statusCode(201);
        assertThat(rowsWithId(id)).as("deleted once expired").isZero();
    }

    private static List<Long> listedIds() {
        return given().queryParam("limit", 1000)
                .get(PATH)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id", Long.class);
    }

    private static String rule() {
        return "silence-test-" + Long.toString(Transitions.nextEventId(), 36);
    }

    private static long silences() {
        return QuarkusTransaction.requiringNew()
                .call(() -> ((Number) Host.getEntityManager()
                                .createNativeQuery("select count(*) from alert_silence")
                                .getSingleResult())
                        .longValue());
    }

    private static long rowsWithId(long id) {
        return QuarkusTransaction.requiringNew()
                .call(() -> ((Number) Host.getEntityManager()
                                .createNativeQuery("select count(*) from alert_silence where id = ?1")
                                .setParameter(1, id)
                                .getSingleResult())
                        .longValue());
    }
}
