package io.procscope.api.query;

import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.store;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.procscope.api.problem.Problem;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Out-of-range, overflowing and malformed query parameters on every read, JSON or page: each gets
 * 400 with problem details naming what is wrong, never a 500 (and never a stack trace in the log).
 */
@QuarkusTest
class HostileQueryParametersTest {

    static final String HOST = "hostile-params";
    static final String OVERFLOW = "99999999999999999999";
    static final String HUGE_INT = "2147483648";

    /** Values for {@code from} or {@code to} that are no time a range can hold. */
    static final List<String> BAD_TIMES = List.of(
            "-" + OVERFLOW + "h",
            "-9999999999999s",
            OVERFLOW,
            "+1000000000-01-01T00:00:00Z",
            "-1000000000-01-01T00:00:00Z",
            "2026-13-45T99:00:00Z",
            "yesterday",
            "-1y",
            "--1h",
            "1e10");

    static Stream<Arguments> hostileReads() {
        String host = "/api/v1/hosts/" + HOST;
        List<String> paths = new ArrayList<>();
        for (String time : BAD_TIMES) {
            paths.add(host + "/metrics?from=" + time);
            paths.add(host + "/changes?to=" + time);
            paths.add("/api/v1/fleet/metrics?from=" + time);
            paths.add("/hosts/" + HOST + "?from=" + time);
        }
        paths.addAll(List.of(
                host + "/metrics?from=-1h&to=-2h",
                host + "/metrics?from=-800d",
                host + "/processes/1/history?start=1&from=" + BAD_TIMES.get(0),
                host + "/processes?offset=-1",
                host + "/processes?offset=" + HUGE_INT,
                host + "/processes?offset=" + OVERFLOW,
                host + "/processes?offset=x",
                host + "/processes?limit=0",
                host + "/processes?limit=-5",
                host + "/processes?limit=5001",
                host + "/processes?limit=" + OVERFLOW,
                host + "/processes?sort=bogus",
                host + "/processes?sort=--cpu",
                host + "/processes?status=NAPPING",
                host + "/processes?container=not-hex",
                host + "/processes?container=" + "a".repeat(65),
                host + "/processes/export?format=xml",
                host + "/processes/-1",
                host + "/processes/" + HUGE_INT,
                host + "/processes/" + OVERFLOW,
                host + "/processes/1?start=-5",
                host + "/processes/1?start=" + OVERFLOW,
                host + "/processes/1?start=abc",
                host + "/processes/1/history?start=" + OVERFLOW,
                "/api/v1/top?by=bogus",
                "/api/v1/top?limit=-1",
                "/api/v1/top?limit=" + HUGE_INT,
                "/api/v1/top?limit=" + OVERFLOW,
                "/api/v1/fleet/changes?limit=-1",
                "/api/v1/fleet/changes?limit=" + OVERFLOW,
                "/api/v1/fleet/changes?from=" + BAD_TIMES.get(0),
                "/processes?host=" + HOST + "&offset=" + HUGE_INT,
                "/processes?host=" + HOST + "&offset=-1",
                "/processes?host=" + HOST + "&limit=" + OVERFLOW,
                "/processes?host=" + HOST + "&sort=bogus",
                "/processes?host=" + HOST + "&limit=201",
                "/hosts/" + HOST + "?sort=bogus",
                "/tree/children?host=" + HOST + "&pid=x",
                "/tree/children?host=" + HOST + "&pid=" + HUGE_INT,
                "/tree/children?host=" + HOST + "&pid=1&start=" + OVERFLOW,
                "/tree/children?host=" + HOST + "&offset=-1",
                "/tree/children?host=" + HOST + "&offset=" + OVERFLOW,
                "/tree/children?pid=1",
                "/hosts?sort=bogus",
                "/analytics?from=" + BAD_TIMES.get(0),
                "/analytics?host=" + HOST + "&to=" + BAD_TIMES.get(3),
                "/changes?from=" + BAD_TIMES.get(0),
                "/changes?kind=bogus",
                "/hosts/" + HOST + "/processes/1?from=" + BAD_TIMES.get(0),
                "/hosts/" + HOST + "/processes/" + OVERFLOW));
        return paths.stream().map(Arguments::of);
    }

    @BeforeEach
    void storeHost() {
        store(report(HOST, typicalProcesses()));
    }

    @ParameterizedTest
    @MethodSource("hostileReads")
    void answers400WithProblemDetails(String path) {
        Response response = given().urlEncodingEnabled(false).get(path);

        assertThat(response.statusCode()).as(path + ": " + response.asString()).isEqualTo(400);
        assertThat(response.contentType()).as(path).startsWith(Problem.MEDIA_TYPE);
        assertThat(response.jsonPath().getString("detail")).as(path).isNotBlank();
    }
}
