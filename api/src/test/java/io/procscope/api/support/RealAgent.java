package io.procscope.api.support;

import static io.procscope.api.support.Reports.ENROLL_SECRET;
import static io.restassured.RestAssured.given;

import io.procscope.agent.Agent;
import io.procscope.agent.config.AgentConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The real agent (the agent module, run inside the test's JVM) reporting this machine's processes
 * to the running test API, this JVM among them: the whole path from /proc to the API.
 */
public final class RealAgent {

    /** How long the agent may take until its first report with this JVM is stored. */
    public static final Duration DEADLINE = Duration.ofSeconds(30);

    /** This test JVM's process id: the agent reports it among this machine's processes. */
    public static final long OWN_PID = ProcessHandle.current().pid();

    private RealAgent() {}

    /**
     * Runs the agent against {@code api} as {@code hostname}, reporting every second and spooling
     * under {@code spool}, until a report that lists this JVM is stored; then stops it.
     *
     * @return this JVM's row as the API lists the host's processes
     * @throws AssertionError when no such report is stored within {@link #DEADLINE}
     */
    public static JsonPath reportUntilThisJvmIsStored(URL api, String hostname, Path spool)
            throws InterruptedException {
        try (Agent.Running agent = start(api, hostname, spool, Duration.ofSeconds(1))) {
            return awaitOwnProcess(api, hostname);
        }
    }

    /**
     * Starts the agent against {@code api} as {@code hostname}, collecting every {@code interval}
     * and spooling under {@code spool}, with the test key; the caller closes it.
     */
    public static Agent.Running start(URL api, String hostname, Path spool, Duration interval) {
        return start(api, hostname, spool, interval, Map.of());
    }

    /** {@link #start(URL, String, Path, Duration)} with more agent settings, such as {@code timeout}. */
    public static Agent.Running start(
            URL api, String hostname, Path spool, Duration interval, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("api-url", api.toString());
        all.put("enroll-secret", ENROLL_SECRET);
        // The host's credential beside its spool, not in the state home of the user running the tests.
        all.putIfAbsent(
                "credential-file",
                spool.resolveSibling(spool.getFileName() + ".credential").toString());
        all.put("interval", interval.toMillis() + "ms");
        all.put("hostname", hostname);
        all.put("spool-dir", spool.toString());
        return Agent.start(AgentConfig.fromMap(all));
    }

    private static JsonPath awaitOwnProcess(URL api, String hostname) throws InterruptedException {
        String own = "processes.find { it.pid == " + OWN_PID + " }";
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            // The base URI is given: RestAssured's own port is not set yet in a @BeforeAll.
            Response response =
                    given().baseUri(Reports.baseUri(api)).get("/api/v1/hosts/{host}/processes?limit=5000", hostname);
            if (response.statusCode() == 200) {
                Map<String, Object> row = response.jsonPath().getMap(own);
                if (row != null) {
                    return new JsonPath(response.asString()).setRootPath(own);
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("The agent's report with pid " + OWN_PID + " did not arrive within " + DEADLINE);
    }
}
