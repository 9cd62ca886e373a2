package io.procscope.api.query;

import static io.procscope.api.support.Reports.process;
import static io.procscope.api.support.Reports.report;
import static io.procscope.api.support.Reports.store;
import static io.procscope.api.support.Reports.uniqueHost;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.procscope.api.domain.FleetBuckets;
import io.procscope.api.domain.Host;
import io.procscope.dto.ProcessInfo;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fleet's search, top list, changes and metrics read rows maintained as reports arrive, not each
 * host's state: these tests hold those rows to what each host's newest report says.
 */
@QuarkusTest
public class FleetIndexTest {

    @Test
    void fleetQueriesFollowEachHostsNewestReport() {
        String host = uniqueHost("fleetidx");
        String marker = "fx" + host.substring(host.length() - 8);
        long first = System.currentTimeMillis() - 30_000;
        long second = first + 10_000;
        // Larger than any other test's process, so that it ranks in the fleet's top 500 by memory
        // of the shared database, which other tests fill with hosts of thousands of processes.
        long gammaRss = (1L << 40) + (30L << 20);
        store(report(
                host,
                first,
                List.of(
                        process(1, 0, "alpha-" + marker, "alpha --run", "root", 1.0, 10L << 20),
                        process(2, 1, "beta-" + marker, "beta --run", "root", 2.0, 20L << 20),
                        process(3, 1, "gamma-" + marker, "gamma --run", "app", 3.0, gammaRss))));
        // The second report: 1 got busy, 2 exited, 4 started, 3 is as it was.
        ProcessInfo started =
                startedAt(process(4, 1, "delta-" + marker, "delta --run", "app", 0.0, 5L << 20), second - 2_000);
        store(report(
                host,
                second,
                List.of(
                        process(1, 0, "alpha-" + marker, "alpha --run", "root", 97.25, 11L << 20),
                        process(3, 1, "gamma-" + marker, "gamma --run", "app", 3.0, gammaRss),
                        started)));

        JsonPath search = given().queryParam("q", marker.toUpperCase())
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(search.getList("hostname")).containsExactly(host);
        assertThat(search.getInt("[0].matches")).isEqualTo(3);
        assertThat(search.getList("[0].processes.pid", Integer.class)).containsExactly(1, 3, 4);
        assertThat(search.getFloat("[0].processes[0].cpuPercent")).isEqualTo(97.25f);
        assertThat(search.getLong("[0].processes[2].startTimeMillis")).isEqualTo(second - 2_000);
        given().queryParam("q", "beta-" + marker).get("/api/v1/search").then().body("$", org.hamcrest.Matchers.empty());

        given().get("/api/v1/top?by=cpu&limit=500")
                .then()
                .statusCode(200)
                .body("findAll { it.hostname == '" + host + "' }.process.pid", hasItem(1))
                .body("findAll { it.hostname == '" + host + "' }.process.pid", not(hasItem(2)));
        given().get("/api/v1/top?by=memory&limit=500")
                .then()
                .body("findAll { it.hostname == '" + host + "' }.process.rssBytes", hasItem(gammaRss));

        given().queryParam("from", first - 1)
                .queryParam("to", second + 1)
                .queryParam("limit", 1000)
                .get("/api/v1/fleet/changes")
                .then()
                .statusCode(200)
                .body("findAll { it.hostname == '" + host + "' }.kind", contains("EXITED", "STARTED"))
                .body("findAll { it.hostname == '" + host + "' }.process.pid", contains(2, 4))
                .body("findAll { it.hostname == '" + host + "' && it.kind == 'EXITED' }.atMillis", contains(second));

        assertThat(currentRows(host)).isEqualTo(Map.of(1, 97.25, 3, 3.0, 4, 0.0));
    }

    @Test
    void aHostStoredBeforeTheIndexGetsAllItsRowsAtItsNextReport() {
        String host = uniqueHost("fleetold");
        long first = System.currentTimeMillis() - 30_000;
        store(report(host, first, List.of(process(1, 0, "init", "/sbin/init", "root", 0.5, 1L << 20))));
        // As a host stored by the version before V7 is: an encoded state, none of its rows.
        QuarkusTransaction.requiringNew().run(() -> {
            long id = Host.findByHostname(host).orElseThrow().id;
            Host.getEntityManager()
                    .createNativeQuery("delete from process_current where host_id = ?1")
                    .setParameter(1, id)
                    .executeUpdate();
            Host.getEntityManager()
                    .createNativeQuery("update host set current_indexed = false where id = ?1")
                    .setParameter(1, id)
                    .executeUpdate();
        });
        // Its next report changes nothing of process 1: all its processes get rows anyway.
        store(report(
                host,
                first + 10_000,
                List.of(
                        process(1, 0, "init", "/sbin/init", "root", 0.5, 1L << 20),
                        process(7, 1, "sshd", "sshd -D", "root", 0.0, 2L << 20))));
        assertThat(currentRows(host)).isEqualTo(Map.of(1, 0.5, 7, 0.0));
    }

    @Test
    void fleetMetricsCountEachHostOnceABucketWithItsNewestReport() {
        String one = uniqueHost("fleetm");
        String other = uniqueHost("fleetm");
        // 3 h ago, where no other test reports, at the start of a 5-minute bucket: the reports
        // share a bucket at every width up to 5 minutes.
        long base = FleetBuckets.bucket(System.currentTimeMillis() - 3 * 3_600_000L, 300_000) + 1_000;
        store(report(
                one,
                base,
                List.of(
                        process(1, 0, "init", "/sbin/init", "root", 0.0, 1L << 20),
                        process(2, 1, "a", "a", "root", 0.0, 1L << 20),
                        process(3, 1, "b", "b", "root", 0.0, 1L << 20))));
        store(report(other, base + 1_000, List.of(process(1, 0, "init", "/sbin/init", "root", 0.0, 1L << 20))));
        // The same host again in the same bucket: it replaces its first report's share.
        store(report(
                one,
                base + 5_000,
                List.of(
                        process(1, 0, "init", "/sbin/init", "root", 0.0, 1L << 20),
                        process(2, 1, "a", "a", "root", 0.0, 1L << 20))));

        JsonPath fleet = given().queryParam("from", base - 1_000)
                .queryParam("to", base + 9_000)
                .get("/api/v1/fleet/metrics")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        long resolution = fleet.getLong("resolutionMillis");
        assertThat(resolution).isIn(10_000L, 60_000L, 300_000L);
        assertThat(fleet.getList("points.atMillis", Long.class)).containsExactly(FleetBuckets.bucket(base, resolution));
        assertThat(fleet.getInt("points[0].hosts")).isEqualTo(2);
        assertThat(fleet.getDouble("points[0].processCount")).isEqualTo(3.0);
        // Reports.report: each host 6 GiB used of 24 GiB, 23.5% busy on 2 processors.
        assertThat(fleet.getLong("points[0].memoryUsedBytes")).isEqualTo(12L << 30);
        assertThat(fleet.getLong("points[0].memoryTotalBytes")).isEqualTo(48L << 30);
        assertThat(fleet.getDouble("points[0].cpuPercent")).isCloseTo(23.5, org.assertj.core.data.Offset.offset(1e-4));
        given().queryParam("from", base - 1_000)
                .queryParam("to", base + 9_000)
                .get("/api/v1/fleet/metrics")
                .then()
                .body("points[0].statusCounts.sleeping", equalTo(2)) // Reports.process: pid 2 is idle
                .body("points[0].statusCounts.idle", equalTo(1));
    }

    /** The host's rows of what its running processes use now: CPU by pid. */
    static Map<Integer, Double> currentRows(String hostname) {
        return QuarkusTransaction.requiringNew().call(() -> {
            long id = Host.findByHostname(hostname).orElseThrow().id;
            Map<Integer, Double> rows = new java.util.TreeMap<>();
            for (Object row : Host.getEntityManager()
                    .createNativeQuery("select pid, cpu_percent from process_current where host_id = ?1")
                    .setParameter(1, id)
                    .getResultList()) {
                Object[] r = (Object[]) row;
                rows.put(((Number) r[0]).intValue(), ((Number) r[1]).doubleValue());
            }
            return rows;
        });
    }

    static ProcessInfo startedAt(ProcessInfo p, long startTimeMillis) {
        return new ProcessInfo(
                p.pid(),
                p.ppid(),
                p.name(),
                p.exe(),
                p.commandLine(),
                p.user(),
                p.status(),
                startTimeMillis,
                p.cpuPercent(),
                p.rssBytes(),
                p.vmsBytes(),
                p.threads(),
                p.nice(),
                p.cwd());
    }
}
