package io.procscope.api.admin;

import static io.procscope.api.support.Reports.ENROLL_SECRET;
import static io.procscope.api.support.Reports.process;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.store;
import static io.procscope.api.support.Reports.typicalProcesses;
import static io.procscope.api.support.Reports.typicalProcessesAnd;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.procscope.api.domain.Host;
import io.procscope.api.events.EventStream;
import io.procscope.api.problem.Problem;
import io.procscope.api.security.AdminCaller;
import io.procscope.api.security.KeyDigests;
import io.procscope.api.support.Credentials;
import io.procscope.api.support.Reports;
import io.procscope.api.support.StoredRows;
import io.procscope.api.support.TestClock;
import io.procscope.dto.ProcessInfo;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The admin API on the embedded SQLite file (and, through {@code PostgresAdminHostsTest}, on
 * PostgreSQL): who may use it, listing, rename and delete, each checked in the database itself.
 */
@QuarkusTest
public class AdminHostsTest {

    /** The admin key of every test profile. */
    static final String ADMIN_KEY = "test-admin-key";

    /** How the audit log names the tests' admin key. */
    static final String ADMIN_KEY_ID =
            "sha256:" + HexFormat.of().formatHex(KeyDigests.sha256(ADMIN_KEY)).substring(0, 12);

    @TestHTTPResource("/api/v1/events")
    URI events;

    final List<String> audit = new CopyOnWriteArrayList<>();
    final Handler auditHandler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            // JBoss Logging's infof: a printf format and its arguments.
            audit.add(record.getLevel() + " " + String.format(record.getMessage(), args(record)));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void listenToTheAuditLog() {
        Logger.getLogger(AdminCaller.AUDIT_CATEGORY).addHandler(auditHandler);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger(AdminCaller.AUDIT_CATEGORY).removeHandler(auditHandler);
        TestClock.reset();
    }

    // --- who may ------------------------------------------------------------------------------

    @Test
    void refusesAdminActionsWithoutTheAdminKey() {
        String host = uniqueHost("admin-refused");
        store(report(host, typicalProcesses()));
        Map<String, List<String>> before = StoredRows.rowsOfHost(host);

        for (RequestSpecification request : List.of(
                given(),
                given().header("Authorization", "Bearer not-the-admin-key"),
                given().header("Authorization", "Bearer " + ENROLL_SECRET),
                given().header("Authorization", Reports.authorization(host)),
                given().auth().preemptive().basic("ops", "not-the-admin-key"))) {
            request.delete("/api/v1/admin/hosts/{h}", host)
                    .then()
                    .statusCode(401)
                    .contentType(Problem.MEDIA_TYPE)
                    .header("WWW-Authenticate", containsString("realm=\"procscope\""));
        }
        given().get("/api/v1/admin/hosts").then().statusCode(401);
        given().contentType(ContentType.JSON)
                .body("{\"hostname\":\"taken-over\"}")
                .post("/api/v1/admin/hosts/{h}/rename", host)
                .then()
                .statusCode(401);

        assertThat(StoredRows.rowsOfHost(host)).isEqualTo(before);
        assertThat(audit).isEmpty();
    }

    @Test
    void takesTheAdminKeyAsBearerOrAsBasicPassword() {
        admin().get("/api/v1/admin/hosts").then().statusCode(200);
        given().auth()
                .preemptive()
                .basic("anyone", ADMIN_KEY)
                .get("/api/v1/admin/hosts")
                .then()
                .statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "text/plain", "application/xml", ""})
    void refusesAnAdminPostThatIsNotJson(String contentType) {
        String host = uniqueHost("admin-form");
        store(report(host, typicalProcesses()));
        Map<String, List<String>> before = StoredRows.rowsOfHost(host);

        RequestSpecification request = admin().body("hostname=stolen");
        if (!contentType.isEmpty()) {
            request.contentType(contentType);
        }
        request.post("/api/v1/admin/hosts/{h}/rename", host)
                .then()
                .statusCode(415)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("application/json"));

        assertThat(StoredRows.rowsOfHost(host)).isEqualTo(before);
        assertThat(StoredRows.rowsOfHost("stolen").get("host")).isEmpty();
    }

    // --- list ---------------------------------------------------------------------------------

    @Test
    void listsHostsAndCredentialsWithoutHostsAPageAtATime() {
        String prefix = uniqueHost("list");
        String reporting = prefix + "-a";
        String legacy = prefix + "-b";
        String enrolledOnly = prefix + "-c";
        long enrolledAt = System.currentTimeMillis() - 3_600_000;
        store(report(reporting, typicalProcesses()));
        Credentials.ensureEnrolled(reporting, enrolledAt);
        store(report(legacy, typicalProcesses()));
        Credentials.drop(legacy);
        Credentials.ensureEnrolled(enrolledOnly, enrolledAt);

        List<JsonPath> pages = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int total;
        do {
            JsonPath page = list(names.size(), HostAdministration.MAX_LIMIT);
            pages.add(page);
            names.addAll(page.getList("hosts.hostname", String.class));
            total = page.getInt("total");
        } while (names.size() < total && pages.size() < 100);

        assertThat(names).hasSize(total).doesNotHaveDuplicates().contains(reporting, legacy, enrolledOnly);
        assertThat((long) total)
                .as("every host and every credential, each name once")
                .isEqualTo(QuarkusTransaction.requiringNew()
                        .call(() -> ((Number) Host.getEntityManager()
                                        .createNativeQuery("select count(*) from (select hostname from host"
                                                + " union select hostname from agent_credential) n")
                                        .getSingleResult())
                                .longValue()));
        int at = names.indexOf(reporting);
        JsonPath two = list(at, 2);
        assertThat(two.getList("hosts.hostname", String.class))
                .as("a page of two is the same two of the whole list")
                .isEqualTo(names.subList(at, Math.min(at + 2, names.size())));
        assertThat(two.getInt("offset")).isEqualTo(at);
        assertThat(two.getInt("limit")).isEqualTo(2);

        Map<String, Object> a = entry(reporting);
        assertThat(a.get("status")).isEqualTo("reporting");
        assertThat((Long) ((Number) a.get("lastReceivedMillis")).longValue())
                .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
        @SuppressWarnings("unchecked")
        Map<String, Object> credential = (Map<String, Object>) a.get("credential");
        assertThat(credential).containsKeys("enrolledMillis", "enrolledWith", "agentVersion", "lastUsedMillis");
        assertThat(credential.get("revokedMillis")).isNull();
        assertThat(credential).doesNotContainKey("digest");
        assertThat(entry(legacy).get("credential")).isNull();
        assertThat(entry(legacy).get("status")).isEqualTo("reporting");
        Map<String, Object> c = entry(enrolledOnly);
        assertThat(c.get("status")).isEqualTo("enrolled-only");
        assertThat(c.get("lastReceivedMillis")).isNull();
        assertThat(((Number) ((Map<?, ?>) c.get("credential")).get("enrolledMillis")).longValue())
                .isEqualTo(enrolledAt);
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=1001", "limit=-1", "offset=-1", "limit=x", "offset=99999999999"})
    void refusesAPageOutOfRange(String query) {
        admin().get("/api/v1/admin/hosts?" + query)
                .then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString(query.substring(0, query.indexOf('='))));
    }

    // --- rename -------------------------------------------------------------------------------

    @Test
    void renameKeepsTheHistoryUnderTheNewName() {
        String from = uniqueHost("rename-from");
        String to = uniqueHost("rename-to");
        long now = System.currentTimeMillis();
        ProcessInfo job = process(900, 1, "batch", "batch --nightly", "app", 40.0, 64L << 20);
        store(report(from, now - 20_000, typicalProcessesAnd(job)));
        store(report(from, now - 10_000, typicalProcessesAnd(job)));
        store(report(from, now, typicalProcesses())); // the job exited
        Credentials.ensureEnrolled(from, now - 60_000);
        Map<String, List<String>> before = StoredRows.rowsOfHost(from);
        assertThat(before.get("snapshot")).hasSize(3);

        admin().contentType(ContentType.JSON)
                .body("{\"hostname\": \"" + to + "\"}")
                .post("/api/v1/admin/hosts/{h}/rename", from)
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("hostname", equalTo(to))
                .body("status", equalTo("reporting"))
                .body("credential.enrolledMillis", org.hamcrest.Matchers.notNullValue());

        Map<String, List<String>> after = StoredRows.rowsOfHost(to);
        for (String table : List.of("host_state", "snapshot", "process", "process_sample", "host_metrics_rollup")) {
            assertThat(after.get(table)).as(table + " under the new name").isEqualTo(before.get(table));
        }
        assertThat(after.get("host")).hasSize(1);
        assertThat(after.get("host").get(0))
                .isEqualTo(before.get("host").get(0).replace("hostname=" + from, "hostname=" + to));
        assertThat(after.get("agent_credential").get(0))
                .isEqualTo(before.get("agent_credential").get(0).replace("hostname=" + from, "hostname=" + to));
        assertThat(StoredRows.rowsOfHost(from).values()).allMatch(List::isEmpty);

        given().get("/api/v1/hosts/{h}", from).then().statusCode(404);
        given().get("/api/v1/hosts/{h}/processes", to).then().statusCode(200).body("total", equalTo(4));
        given().get("/api/v1/hosts/{h}/changes?from=-1h", to)
                .then()
                .statusCode(200)
                .body("exited.name", org.hamcrest.Matchers.hasItem("batch"));
        given().get("/api/v1/hosts/{h}/processes/900?start={s}", to, job.startTimeMillis())
                .then()
                .statusCode(200)
                .body("process.name", equalTo("batch"));
        assertThat(audit).contains("INFO admin " + ADMIN_KEY_ID + " from 127.0.0.1 renamed host " + from + " to " + to);
    }

    @Test
    void renameOntoATakenNameChangesNothing() {
        String a = uniqueHost("rename-a");
        String b = uniqueHost("rename-b");
        String enrolled = uniqueHost("rename-enrolled");
        store(report(a, typicalProcesses()));
        store(report(b, typicalProcesses()));
        Credentials.ensureEnrolled(enrolled, System.currentTimeMillis());
        Map<String, Long> before = StoredRows.everyTable();
        Map<String, List<String>> rowsOfA = StoredRows.rowsOfHost(a);

        for (String taken : List.of(b, enrolled)) {
            admin().contentType(ContentType.JSON)
                    .body("{\"hostname\":\"" + taken + "\"}")
                    .post("/api/v1/admin/hosts/{h}/rename", a)
                    .then()
                    .statusCode(409)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("type", equalTo("urn:procscope:problem:hostname-taken"))
                    .body("detail", containsString(taken));
        }
        admin().contentType(ContentType.JSON)
                .body("{\"hostname\":\"" + a + "\"}")
                .post("/api/v1/admin/hosts/{h}/rename", a)
                .then()
                .statusCode(400);

        assertThat(StoredRows.everyTable()).isEqualTo(before);
        assertThat(StoredRows.rowsOfHost(a)).isEqualTo(rowsOfA);
        assertThat(audit).isEmpty();
    }

    @Test
    void renameOrDeleteOfAnUnknownHostIs404() {
        String nobody = uniqueHost("nobody");
        admin().contentType(ContentType.JSON)
                .body("{\"hostname\":\"somebody\"}")
                .post("/api/v1/admin/hosts/{h}/rename", nobody)
                .then()
                .statusCode(404)
                .contentType(Problem.MEDIA_TYPE);
        admin().delete("/api/v1/admin/hosts/{h}", nobody).then().statusCode(404).contentType(Problem.MEDIA_TYPE);
    }

    static Stream<Arguments> invalidRenames() {
        return Stream.of(
                Arguments.of("{\"hostname\":\"\"}", "hostname"),
                Arguments.of("{\"hostname\":\"   \"}", "hostname"),
                Arguments.of("{}", "hostname"),
                Arguments.of("{\"hostname\":null}", "hostname"),
                Arguments.of("{\"hostname\":\"" + "h".repeat(254) + "\"}", "hostname"),
                Arguments.of("{\"hostname\":\"web\\u0000-1\"}", "NUL"),
                Arguments.of("{\"hostname\":\"a\",\"hostname\":\"b\"}", "twice"),
                Arguments.of("{\"hostname\":42}", "hostname"),
                Arguments.of("{\"hostname\":[\"a\"]}", "hostname"),
                Arguments.of("not json", "JSON"),
                Arguments.of("", "new name"),
                Arguments.of("null", "new name"),
                Arguments.of("[]", ""),
                Arguments.of("{\"hostname\":\"" + "x".repeat(20_000) + "\"}", "bytes"));
    }

    @ParameterizedTest
    @MethodSource("invalidRenames")
    void refusesAnInvalidNewName(String body, String detail) {
        String host = uniqueHost("rename-invalid");
        store(report(host, typicalProcesses()));
        Map<String, List<String>> before = StoredRows.rowsOfHost(host);

        Response response =
                admin().contentType(ContentType.JSON).body(body).post("/api/v1/admin/hosts/{h}/rename", host);

        assertThat(response.statusCode()).as(response.asString()).isIn(400, 413);
        assertThat(response.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(response.jsonPath().getString("detail")).contains(detail);
        assertThat(StoredRows.rowsOfHost(host)).isEqualTo(before);
    }

    // --- delete -------------------------------------------------------------------------------

    @Test
    void deleteLeavesNoRowOfTheHostAndTouchesNoOther() {
        String doomed = uniqueHost("delete-me");
        String kept = uniqueHost("delete-keep");
        long now = System.currentTimeMillis();
        ProcessInfo job = process(901, 1, "batch", "batch --nightly", "app", 40.0, 64L << 20);
        for (String host : List.of(doomed, kept)) {
            store(report(host, now - 20_000, typicalProcessesAnd(job)));
            store(report(host, now - 10_000, typicalProcessesAnd(job)));
            store(report(host, now, typicalProcesses()));
            Credentials.ensureEnrolled(host, now - 60_000);
            addRollups(host, now);
        }
        Map<String, List<String>> keptRows = StoredRows.rowsOfHost(kept);
        Map<String, List<String>> doomedRows = StoredRows.rowsOfHost(doomed);
        Map<String, Long> naming = StoredRows.rowsNaming(doomed);
        Map<String, Long> before = StoredRows.everyTable();
        for (String table : List.of(
                "host",
                "agent_credential",
                "host_state",
                "snapshot",
                "process",
                "process_sample",
                "host_metrics_rollup")) {
            assertThat(naming.get(table))
                    .as("rows of the host in %s, before", table)
                    .isPositive();
        }

        admin().delete("/api/v1/admin/hosts/{h}", doomed).then().statusCode(204);

        Map<String, Long> after = StoredRows.everyTable();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        for (String table : before.keySet()) {
            assertThat(after.get(table))
                    .as("rows left in %s: all but the host's", table)
                    .isEqualTo(before.get(table) - naming.getOrDefault(table, 0L));
        }
        assertThat(StoredRows.rowsNaming(doomed).values()).allMatch(n -> n == 0);
        assertThat(StoredRows.rowsOfHost(doomed).values()).allMatch(List::isEmpty);
        assertThat(StoredRows.rowsOfHost(kept)).isEqualTo(keptRows);
        assertThat(Credentials.of(doomed)).isEmpty();
        given().get("/api/v1/hosts/{h}", doomed).then().statusCode(404);
        admin().get("/api/v1/admin/hosts?limit=1000")
                .then()
                .body("hosts.hostname", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(doomed)));
        long rows = doomedRows.values().stream().mapToLong(List::size).sum();
        assertThat(audit)
                .contains("INFO admin " + ADMIN_KEY_ID + " from 127.0.0.1 deleted host " + doomed + " (" + rows
                        + " rows)");
        admin().delete("/api/v1/admin/hosts/{h}", doomed).then().statusCode(404);
    }

    @Test
    void deleteReachesEveryDayOfTheHostsHistory() {
        String host = uniqueHost("delete-days");
        Instant now = Instant.now();
        List<Instant> days = List.of(now.minus(Duration.ofHours(40)), now.minus(Duration.ofHours(20)), now);
        if (StoredRows.isPostgreSQL()) {
            // Each of those days in a partition of its own, as retention would have made them.
            QuarkusTransaction.requiringNew()
                    .run(() -> Host.getEntityManager()
                            .createNativeQuery(
                                    "select count(*) from (select procscope_ensure_partitions(?1, 3, 1)) made")
                            .setParameter(1, now.toEpochMilli())
                            .getSingleResult());
        }
        for (Instant at : days) {
            TestClock.travelTo(at.plusSeconds(1)); // the report arrived back then
            store(report(host, at.toEpochMilli(), typicalProcesses()));
        }
        TestClock.reset();
        assertThat(StoredRows.rowsOfHost(host).get("snapshot")).hasSize(3);
        if (StoredRows.isPostgreSQL()) {
            for (String table : List.of("snapshot", "process_sample")) {
                assertThat(partitionsHolding(table, host))
                        .as("partitions of %s holding the host's rows", table)
                        .hasSizeGreaterThanOrEqualTo(2)
                        .allMatch(p -> !p.endsWith("_default"));
            }
        }

        admin().delete("/api/v1/admin/hosts/{h}", host).then().statusCode(204);

        assertThat(StoredRows.rowsNaming(host).values()).allMatch(n -> n == 0);
    }

    @Test
    void deleteOfAHostThatOnlyEnrolledDropsItsCredential() {
        String host = uniqueHost("delete-enrolled");
        Credentials.ensureEnrolled(host, System.currentTimeMillis());

        admin().delete("/api/v1/admin/hosts/{h}", host).then().statusCode(204);

        assertThat(Credentials.of(host)).isEmpty();
        assertThat(audit).anyMatch(line -> line.endsWith("deleted host " + host + " (1 rows)"));
    }

    // --- hostile names ------------------------------------------------------------------------

    static Stream<String> hostilePathNames() {
        return Stream.of(
                "%00",
                "web%00-1",
                "a".repeat(10_000),
                "a".repeat(254),
                "%F0%9F%92%A5-%E4%B8%BB%E6%9C%BA",
                "%C0%80",
                "%ED%A0%80",
                "%E2%80%AE",
                "%0Aadmin%20sha256%3A0",
                "..%2F..%2Fetc",
                "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                "%25",
                "%20");
    }

    @ParameterizedTest
    @MethodSource("hostilePathNames")
    void answersAHostilePathNameWithAProblem(String name) {
        Map<String, Long> before = StoredRows.everyTable();
        for (Response response : List.of(
                admin().urlEncodingEnabled(false).delete("/api/v1/admin/hosts/" + name),
                admin().urlEncodingEnabled(false)
                        .contentType(ContentType.JSON)
                        .body("{\"hostname\":\"renamed\"}")
                        .post("/api/v1/admin/hosts/" + name + "/rename"))) {
            assertThat(response.statusCode())
                    .as(name + ": " + response.asString())
                    .isBetween(400, 499);
            assertThat(response.contentType()).as(name).startsWith(Problem.MEDIA_TYPE);
            assertThat(response.jsonPath().getString("detail")).as(name).isNotBlank();
        }
        assertThat(StoredRows.everyTable()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"web 1", "a/b", "../etc", "主机-1", "100%", "a?b#c", "<img src=x onerror=alert(1)>", "semi;colon"})
    void renamesAndDeletesAHostWhateverItsName(String name) {
        String host = name + "-" + uniqueHost("odd");
        String renamed = uniqueHost("odd-renamed") + "-" + name;
        store(report(host, typicalProcesses()));

        admin().contentType(ContentType.JSON)
                .body(java.util.Map.of("hostname", renamed))
                .post("/api/v1/admin/hosts/{h}/rename", host)
                .then()
                .statusCode(200)
                .body("hostname", equalTo(renamed));
        assertThat(StoredRows.rowsOfHost(renamed).get("snapshot")).hasSize(1);
        admin().delete("/api/v1/admin/hosts/{h}", renamed).then().statusCode(204);

        assertThat(StoredRows.rowsNaming(renamed).values()).allMatch(n -> n == 0);
        assertThat(StoredRows.rowsNaming(host).values()).allMatch(n -> n == 0);
    }

    // --- open pages follow --------------------------------------------------------------------

    @Test
    void theLiveStreamSaysWhenAHostIsRenamedOrDeleted() throws Exception {
        String host = uniqueHost("live-admin");
        String renamed = uniqueHost("live-renamed");
        store(report(host, typicalProcesses()));
        try (EventStream stream = EventStream.open(events)) {
            admin().contentType(ContentType.JSON)
                    .body("{\"hostname\":\"" + renamed + "\"}")
                    .post("/api/v1/admin/hosts/{h}/rename", host)
                    .then()
                    .statusCode(200);
            assertThat(stream.await("removed", r -> host.equals(r.hostname()))
                            .json()
                            .size())
                    .isEqualTo(1);
            stream.awaitHost(renamed);

            admin().delete("/api/v1/admin/hosts/{h}", renamed).then().statusCode(204);
            stream.await("removed", r -> renamed.equals(r.hostname()));
        }
    }

    // --- the page -----------------------------------------------------------------------------

    @Test
    void adminPageAsksForTheAdminKeyAndShowsNamesAsText() {
        String hostile = "<img src=x onerror=alert(1)>-" + uniqueHost("page");
        store(report(hostile, typicalProcesses()));

        assertThat(given().accept("text/html")
                        .get("/admin/hosts")
                        .then()
                        .statusCode(401)
                        .extract()
                        .headers()
                        .getValues("WWW-Authenticate"))
                .as("a browser prompts for Basic credentials")
                .first()
                .asString()
                .startsWith("Basic realm=\"procscope\"");
        String page = given().auth()
                .preemptive()
                .basic("ops", ADMIN_KEY)
                .accept("text/html")
                .get("/admin/hosts?limit=1000")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .extract()
                .asString();

        assertThat(page).doesNotContain("<img src=x").contains("&lt;img src=x onerror=alert(1)&gt;-");
        assertThat(page).contains("data-admin-action=\"delete\"").contains("/app/admin-hosts.js");
        String paged = given().auth()
                .preemptive()
                .basic("ops", ADMIN_KEY)
                .get("/admin/hosts?limit=1")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(paged).contains("href=\"/admin/hosts?offset=1&amp;limit=1\"");
        given().auth()
                .preemptive()
                .basic("ops", ADMIN_KEY)
                .get("/admin/hosts?limit=0")
                .then()
                .statusCode(400);
    }

    // --- helpers ------------------------------------------------------------------------------

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN_KEY);
    }

    static JsonPath list(int offset, int limit) {
        return admin().get("/api/v1/admin/hosts?offset={o}&limit={l}", offset, limit)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The host's entry of the admin list. */
    static Map<String, Object> entry(String hostname) {
        List<Map<String, Object>> found = new ArrayList<>();
        int offset = 0;
        while (true) {
            JsonPath page = list(offset, HostAdministration.MAX_LIMIT);
            List<Map<String, Object>> hosts = page.getList("hosts");
            hosts.stream().filter(h -> hostname.equals(h.get("hostname"))).forEach(found::add);
            offset += hosts.size();
            if (hosts.isEmpty() || offset >= page.getInt("total")) {
                break;
            }
        }
        assertThat(found).as("entries of " + hostname).hasSize(1);
        return found.get(0);
    }

    /** A minute's and an hour's rollup of the host, as retention writes them. */
    static void addRollups(String hostname, long nowMillis) {
        QuarkusTransaction.requiringNew().run(() -> {
            Host host = Host.findByHostname(hostname).orElseThrow();
            for (String resolution : List.of("m", "h")) {
                Host.getEntityManager()
                        .createNativeQuery("insert into host_metrics_rollup (host_id, resolution, bucket_millis,"
                                + " samples, cpu_percent_avg) values (?1, ?2, ?3, 6, 23.5)")
                        .setParameter(1, host.id)
                        .setParameter(2, resolution)
                        .setParameter(3, nowMillis - nowMillis % 3_600_000)
                        .executeUpdate();
            }
        });
    }

    /** On PostgreSQL, the partitions of {@code table} that hold rows of {@code hostname}. */
    static List<String> partitionsHolding(String table, String hostname) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Host host = Host.findByHostname(hostname).orElseThrow();
            List<String> holding = new ArrayList<>();
            for (Object partition : Host.getEntityManager()
                    .createNativeQuery("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                            + " join pg_class p on p.oid = i.inhparent where p.relname = ?1")
                    .setParameter(1, table)
                    .getResultList()) {
                long rows = ((Number) Host.getEntityManager()
                                .createNativeQuery("select count(*) from only " + partition + " where host_id = ?1")
                                .setParameter(1, host.id)
                                .getSingleResult())
                        .longValue();
                if (rows > 0) {
                    holding.add(partition.toString());
                }
            }
            return holding;
        });
    }

    private static Object[] args(LogRecord record) {
        return record.getParameters() == null ? new Object[0] : record.getParameters();
    }
}
