package io.procscope.api.query;

import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.store;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.api.problem.Problem;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET /api/v1/hosts} answers a bounded page by hostname, says in X-Total-Count how many
 * match, and names only the hosts asked for with {@code host=}; out-of-bounds paging gets 400.
 */
@QuarkusTest
class HostListTest {

    /** Hosts this test stores, named {@code <prefix>-00} to {@code <prefix>-06}. */
    static final int FLEET = 7;

    static final String OVERFLOW = "99999999999999999999";

    String prefix;
    List<String> fleet;

    @BeforeEach
    void storeAFleet() {
        prefix = uniqueHost("hostlist");
        fleet = new ArrayList<>();
        long now = System.currentTimeMillis();
        // Stored out of name order, each a second newer than the one before: -04 reports last.
        for (int i : new int[] {3, 0, 6, 1, 5, 2, 4}) {
            String host = String.format("%s-%02d", prefix, i);
            fleet.add(host);
            store(report(host, now - 10_000 + fleet.size() * 1_000L, typicalProcesses()));
        }
        fleet.sort(null);
    }

    @Test
    void pagesTheMatchingHostsByHostnameWithTheirCountInAHeader() {
        List<String> seen = new ArrayList<>();
        for (int offset = 0; offset < FLEET; offset += 3) {
            Response page = given().get("/api/v1/hosts?q={q}&limit=3&offset={o}", prefix, offset);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.header("X-Total-Count")).isEqualTo(String.valueOf(FLEET));
            List<String> names = page.jsonPath().getList("hostname");
            assertThat(names).hasSize(Math.min(3, FLEET - offset));
            seen.addAll(names);
        }
        assertThat(seen).isEqualTo(fleet);

        Response past = given().get("/api/v1/hosts?q={q}&offset=1000", prefix);
        assertThat(past.statusCode()).isEqualTo(200);
        assertThat(past.jsonPath().getList("$")).isEmpty();
        assertThat(past.header("X-Total-Count")).isEqualTo(String.valueOf(FLEET));
    }

    @Test
    void answersAtMostADefaultPageWhateverTheFleet() {
        Response all = given().get("/api/v1/hosts");
        assertThat(all.statusCode()).isEqualTo(200);
        long total = Long.parseLong(all.header("X-Total-Count"));
        assertThat(total).isGreaterThanOrEqualTo(FLEET);
        assertThat(all.jsonPath().getList("hostname")).hasSize((int) Math.min(total, HostResource.DEFAULT_LIMIT));

        Response most = given().get("/api/v1/hosts?limit=" + HostQueries.MAX_PAGE);
        assertThat(most.statusCode()).isEqualTo(200);
        assertThat(most.jsonPath().getList("hostname")).hasSize((int) Math.min(total, HostQueries.MAX_PAGE));
    }

    @Test
    void namesOnlyTheHostsAskedForAndSkipsThoseNeverSeen() {
        Response named = given().get(
                        "/api/v1/hosts?host={a}&host={b}&host={gone}&host={a}",
                        fleet.get(5),
                        fleet.get(2),
                        prefix + "-never-seen",
                        fleet.get(5));

        assertThat(named.statusCode()).isEqualTo(200);
        assertThat(named.jsonPath().getList("hostname")).containsExactly(fleet.get(2), fleet.get(5));
        assertThat(named.header("X-Total-Count")).isEqualTo("2");
        assertThat(named.jsonPath().getInt("[0].processCount")).isEqualTo(4);

        // The most names one request takes (short ones: the request line has its own bound).
        String many = IntStream.range(0, HostQueries.MAX_PAGE)
                .mapToObj(i -> "host=" + (i < FLEET ? fleet.get(i) : "n" + i))
                .collect(Collectors.joining("&"));
        Response page = given().urlEncodingEnabled(false).get("/api/v1/hosts?limit=3&" + many);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.jsonPath().getList("hostname")).isEqualTo(fleet.subList(0, 3));
        assertThat(page.header("X-Total-Count")).isEqualTo(String.valueOf(FLEET));
    }

    @Test
    void sortsByTheNewestReportForTheFleetsLatestChange() {
        Response newest = given().get("/api/v1/hosts?q={q}&sort=-last&limit=1", prefix);

        assertThat(newest.statusCode()).isEqualTo(200);
        assertThat(newest.jsonPath().getList("hostname")).containsExactly(prefix + "-04");
        assertThat(newest.header("X-Total-Count")).isEqualTo(String.valueOf(FLEET));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "limit=0",
                "limit=-1",
                "limit=501",
                "limit=2147483647",
                "limit=" + OVERFLOW,
                "limit=ten",
                "limit=1.5",
                "offset=-1",
                "offset=-2147483648",
                "offset=" + OVERFLOW,
                "offset=x",
                "sort=bogus",
                "sort=--hostname"
            })
    void answers400ForPagingOutOfBounds(String query) {
        assertProblem(given().urlEncodingEnabled(false).get("/api/v1/hosts?" + query), query);
    }

    @Test
    void answers400ForTooManyOrTooLongNames() {
        String tooMany = IntStream.rangeClosed(0, HostQueries.MAX_PAGE)
                .mapToObj(i -> "host=h" + i)
                .collect(Collectors.joining("&"));
        assertProblem(given().urlEncodingEnabled(false).get("/api/v1/hosts?" + tooMany), "501 names");
        assertProblem(given().get("/api/v1/hosts?host={h}", "a".repeat(254)), "a 254-character name");
    }

    @Test
    void documentsThePagingAndTheCountHeader() {
        String operation = "paths.'/api/v1/hosts'.get";
        Response openapi = given().accept("application/json").get("/q/openapi");

        assertThat(openapi.statusCode()).isEqualTo(200);
        assertThat(openapi.jsonPath().getList(operation + ".parameters.name", String.class))
                .contains("q", "host", "sort", "offset", "limit");
        assertThat(openapi.jsonPath().getMap(operation + ".responses.'200'.headers"))
                .containsKey("X-Total-Count");
        assertThat(openapi.jsonPath().getString(operation + ".responses.'200'.content.'application/json'.schema.type"))
                .isEqualTo("array");
    }

    private static void assertProblem(Response response, String what) {
        assertThat(response.statusCode()).as(what + ": " + response.asString()).isEqualTo(400);
        assertThat(response.contentType()).as(what).startsWith(Problem.MEDIA_TYPE);
        assertThat(response.jsonPath().getString("detail")).as(what).isNotBlank();
    }
}
